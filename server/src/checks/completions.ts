/**
 * Completion for `*.checks.yml`, computed from the text before the cursor
 * (the file is often unparsable while being typed): dataset names after
 * `dataset:`/`against:`, check snippets at a list item of a check list,
 * columns of the current dataset inside `metric(` and after column-valued
 * settings.
 */
import type { CheckCatalog } from './catalog';
import { CHECK_NAMES, settingsFor } from './plan_checks';

export interface CheckCompletionItem {
  label: string;
  kind: 'check' | 'dataset' | 'column' | 'setting';
  /** Text to insert; a snippet with $1 placeholders when `snippet` is true. */
  insertText: string;
  snippet: boolean;
  detail?: string;
}

const SNIPPETS: Record<string, string> = {
  row_count: 'row_count > ${1:0}',
  missing_count: 'missing_count(${1:column}) = ${2:0}',
  missing_percent: 'missing_percent(${1:column}) < ${2:1}%',
  duplicate_count: 'duplicate_count(${1:column}) = 0',
  duplicate_percent: 'duplicate_percent(${1:column}) < ${2:1}%',
  invalid_count: 'invalid_count(${1:column}) = 0: { valid_values: [${2}] }',
  invalid_percent: 'invalid_percent(${1:column}) < ${2:1}%: { valid_format: ${3|email,uuid,date,phone,ip|} }',
  min: 'min(${1:column}) >= ${2:0}',
  max: 'max(${1:column}) <= ${2:100}',
  avg: 'avg(${1:column}) between ${2:0} and ${3:100}',
  sum: 'sum(${1:column}) > ${2:0}',
  stddev: 'stddev(${1:column}) < ${2:10}',
  avg_length: 'avg_length(${1:column}) between ${2:1} and ${3:255}',
  distinct_count: 'distinct_count(${1:column}) > ${2:0}',
  freshness: 'freshness(${1:updated_at}) < ${2:6h}',
  schema: 'schema: { required: [${1}], forbidden: [${2}] }',
  anomaly: 'anomaly(${1:row_count}): { timestamp: ${2:created_at}, seasonality: ${3|day_of_week,hour_of_day|} }',
  distribution: 'distribution(${1:column}): { method: ${2|ks,psi|}, timestamp: ${3:created_at}, reference: { days_back: ${4:28} }, max: ${5:0.1} }',
  metric: 'metric(${1:name}) between ${2:0} and ${3:100}: { sql: "${4:avg(amount)}" }',
  failed_rows: 'failed_rows: { condition: "${1:amount < 0}" }',
  reconcile: 'reconcile: { against: "${1:source:raw.orders}", key: [${2:id}] }',
};

const COLUMN_SETTINGS = /^\s*(?:-\s*)?(timestamp|column|group_by|key|columns|required|forbidden):\s*\[?([^\]]*)$/;

export function checkCompletions(fileText: string, offset: number, catalog: CheckCatalog): CheckCompletionItem[] {
  const before = fileText.slice(0, Math.max(0, Math.min(offset, fileText.length)));
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = before.slice(lineStart);
  const datasetItems = (): CheckCompletionItem[] =>
    catalog.datasets.map((d) => ({ label: d.display, kind: 'dataset', insertText: d.display, snippet: false, detail: `${d.kind} ${d.id}` }));

  if (/^\s*(?:-\s*)?dataset:\s*\S*$/.test(line) || /(?:against|dataset):\s*["']?[^"',}]*$/.test(line)) return datasetItems();

  const dataset = currentDataset(before, catalog);
  const columns = (): CheckCompletionItem[] =>
    (dataset?.columns ?? []).map((c) => ({ label: c, kind: 'column', insertText: c, snippet: false, detail: dataset?.display }));

  // Inside an unclosed call: `missing_count(em|`
  const open = line.lastIndexOf('(');
  if (open >= 0 && line.indexOf(')', open) < 0 && /[a-z_]\($|[a-z_]\([^()]*$/i.test(line)) return columns();
  if (COLUMN_SETTINGS.test(line) || /\b(timestamp|group_by|key|columns):\s*\[?[^\]}]*$/.test(line)) return columns();

  // Inside a check's settings mapping: `- invalid_count(x) = 0: { valid_|`
  const settings = /^\s*-\s*([a-z_]+)[^:]*:\s*\{([^}]*)$/i.exec(line);
  if (settings && /(^|,)\s*[a-z_]*$/i.test(settings[2]) && settings[1].toLowerCase() in CHECK_NAMES) {
    const used = new Set([...settings[2].matchAll(/([a-z_]+)\s*:/gi)].map((m) => m[1]));
    return settingsFor(settings[1].toLowerCase())
      .filter((s) => !used.has(s))
      .map((s) => ({ label: s, kind: 'setting', insertText: `${s}: `, snippet: false }));
  }

  // A list item under a check list: offer checks.
  if (/^\s*-\s*[a-z_]*$/i.test(line) && dataset) {
    return Object.entries(CHECK_NAMES).map(([name, detail]) => ({ label: name, kind: 'check', insertText: SNIPPETS[name] ?? name, snippet: true, detail }));
  }
  if (/^\s*(?:-\s*)?[a-z_]*$/i.test(line)) {
    const indent = line.length - line.trimStart().length;
    const keys = indent === 0 ? ['checks'] : ['dataset', 'where', 'samples', 'sla', 'checks'];
    return keys.map((k) => ({ label: k, kind: 'setting', insertText: `${k}: `, snippet: false }));
  }
  return [];
}

/** The dataset of the block the cursor is in: the nearest `dataset:` (or `checks for X:`) above it. */
function currentDataset(before: string, catalog: CheckCatalog) {
  const re = /^\s*(?:-\s*)?dataset:\s*["']?([^"'\s#]+)|^checks\s+for\s+([^:]+):/gm;
  let last: string | undefined;
  for (let m = re.exec(before); m; m = re.exec(before)) last = (m[1] ?? m[2]).trim();
  return last ? catalog.resolve(last) : undefined;
}
