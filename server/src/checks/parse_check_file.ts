/**
 * Parses a `*.checks.yml` file into a typed AST where every key and value
 * keeps its source range, so validation, hovers and results can point at the
 * exact text. Syntax problems become `check-syntax` diagnostics; parsing never
 * throws, whatever the input.
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { makeDiagnostic, type Diagnostic } from '../core/diagnostic';
import { LineIndex, type Range } from '../core/text';
import { parseDuration } from './duration';
import { parseThreshold, type Threshold } from './threshold';

export interface Spanned<T> {
  value: T;
  range: Range;
}

export interface ConfigEntry {
  /** The YAML value as plain data. */
  value: unknown;
  keyRange: Range;
  valueRange: Range;
}

export interface CheckItemAst {
  /** The check as written (`row_count > 0`). */
  text: string;
  range: Range;
  metric: Spanned<string>;
  /** Arguments inside the parentheses; nested calls (`anomaly(missing_count(email))`) stay as text. */
  args: Spanned<string>[];
  /** `row_count change < 20%`: compare with the previous run. */
  change?: { percent: boolean };
  /** The inline threshold: the condition under which the check passes. */
  threshold?: Spanned<Threshold>;
  config: Map<string, ConfigEntry>;
}

export interface DatasetBlockAst {
  dataset: Spanned<string>;
  where?: Spanned<string>;
  samples?: number;
  sla?: { freshness?: { column: Spanned<string>; maxAgeSeconds: number; maxAgeText: string; range: Range } };
  checks: CheckItemAst[];
  range: Range;
}

export interface CheckFileAst {
  file: string;
  datasets: DatasetBlockAst[];
  diagnostics: Diagnostic[];
}

export function parseCheckFile(file: string, text: string): CheckFileAst {
  const lines = new LineIndex(text);
  const diagnostics: Diagnostic[] = [];
  const rangeOf = (node: Node | null | undefined): Range => {
    const r = node?.range;
    return r ? lines.rangeOf(r[0], r[1]) : lines.rangeOf(0, 0);
  };
  const syntax = (range: Range, message: string) => diagnostics.push(makeDiagnostic('check-syntax', file, range, message));

  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  for (const e of doc.errors) syntax(lines.rangeOf(e.pos[0], Math.max(e.pos[1], e.pos[0] + 1)), `YAML: ${firstLine(e.message)}`);
  const datasets: DatasetBlockAst[] = [];
  if (doc.errors.length) return { file, datasets, diagnostics };

  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return { file, datasets, diagnostics };
  if (!isMap(root)) {
    syntax(rangeOf(root as Node), "a check file is a mapping with a top-level 'checks:' list");
    return { file, datasets, diagnostics };
  }

  for (const pair of root.items as Pair<Node, Node>[]) {
    const key = keyText(pair);
    if (key === 'checks') {
      if (!isSeq(pair.value)) {
        syntax(rangeOf(pair.key), "'checks:' must be a list of datasets, each with 'dataset:' and 'checks:'");
        continue;
      }
      for (const item of pair.value.items as Node[]) {
        if (!isMap(item)) {
          syntax(rangeOf(item), "each entry under 'checks:' is a mapping with 'dataset:' and 'checks:'");
          continue;
        }
        const block = parseDatasetBlock(item, undefined);
        if (block) datasets.push(block);
      }
    } else if (key !== undefined && /^checks\s+for\s+\S/.test(key)) {
      // Soda's form: `checks for orders:` followed by the list of checks.
      const name = key.replace(/^checks\s+for\s+/, '').trim();
      const keyRange = rangeOf(pair.key);
      const nameStart = (pair.key as Node).range![0] + key.indexOf(name);
      const block: DatasetBlockAst = {
        dataset: { value: name, range: lines.rangeOf(nameStart, nameStart + name.length) },
        checks: [],
        range: keyRange,
      };
      if (isSeq(pair.value)) block.checks = parseCheckList(pair.value.items as Node[]);
      else syntax(keyRange, `'${key}:' must be followed by a list of checks`);
      datasets.push(block);
    } else if (key !== undefined && /^(x-|\.)/.test(key)) {
      // `x-…:` / `.…:` keys hold anchors for reuse (as in compose files); they are not checks.
    } else {
      syntax(rangeOf(pair.key), `unknown top-level key '${key ?? '?'}'; expected 'checks:' (or Soda's 'checks for <dataset>:'), or an x-… key for anchors`);
    }
  }
  return { file, datasets, diagnostics };

  function parseDatasetBlock(map: YAMLMap, _: undefined): DatasetBlockAst | undefined {
    let dataset: Spanned<string> | undefined;
    const block: DatasetBlockAst = { dataset: { value: '', range: rangeOf(map) }, checks: [], range: rangeOf(map) };
    let sawChecks = false;
    for (const pair of map.items as Pair<Node, Node>[]) {
      const key = keyText(pair);
      const value = pair.value;
      switch (key) {
        case 'dataset':
          if (isScalar(value) && typeof value.value === 'string' && value.value.trim() !== '') dataset = { value: value.value.trim(), range: rangeOf(value) };
          else syntax(rangeOf(value ?? pair.key), "'dataset:' must name a model, seed, snapshot or source (e.g. orders, source:raw.orders)");
          break;
        case 'where':
          if (isScalar(value) && typeof value.value === 'string') block.where = { value: value.value, range: rangeOf(value) };
          else syntax(rangeOf(value ?? pair.key), "'where:' must be a SQL condition in a string");
          break;
        case 'samples':
          if (isScalar(value) && Number.isInteger(value.value) && (value.value as number) >= 0) block.samples = value.value as number;
          else syntax(rangeOf(value ?? pair.key), "'samples:' must be a whole number of rows (0 turns samples off)");
          break;
        case 'sla':
          parseSla(pair, block);
          break;
        case 'checks':
          sawChecks = true;
          if (isSeq(value)) block.checks = parseCheckList(value.items as Node[]);
          else syntax(rangeOf(value ?? pair.key), "'checks:' must be a list of checks");
          break;
        default:
          syntax(rangeOf(pair.key), `unknown key '${key ?? '?'}' in a dataset entry; expected dataset, where, samples, sla or checks`);
      }
    }
    if (!dataset) {
      syntax(rangeOf(map), "this entry has no 'dataset:'");
      return undefined;
    }
    if (!sawChecks && !block.sla) syntax(dataset.range, `dataset '${dataset.value}' has no 'checks:'`);
    block.dataset = dataset;
    return block;
  }

  function parseSla(pair: Pair<Node, Node>, block: DatasetBlockAst): void {
    const value = pair.value;
    if (!isMap(value)) {
      syntax(rangeOf(value ?? pair.key), "'sla:' must be a mapping, e.g. { freshness: { column: updated_at, max_age: 6h } }");
      return;
    }
    for (const p of value.items as Pair<Node, Node>[]) {
      if (keyText(p) !== 'freshness') {
        syntax(rangeOf(p.key), `unknown SLA '${keyText(p) ?? '?'}'; supported: freshness`);
        continue;
      }
      const f = p.value;
      const col = isMap(f) ? (f.get('column', true) as Node | undefined) : undefined;
      const age = isMap(f) ? (f.get('max_age', true) as Node | undefined) : undefined;
      if (!isMap(f) || !isScalar(col) || typeof col.value !== 'string' || !isScalar(age)) {
        syntax(rangeOf(f ?? p.key), "an SLA freshness needs 'column:' and 'max_age:' (e.g. 6h)");
        continue;
      }
      const seconds = parseDuration(String(age.value));
      if (seconds === undefined) {
        syntax(rangeOf(age), `'${String(age.value)}' is not a duration; write e.g. 30m, 6h, 2d`);
        continue;
      }
      block.sla = { freshness: { column: { value: col.value, range: rangeOf(col) }, maxAgeSeconds: seconds, maxAgeText: String(age.value), range: rangeOf(p.key) } };
    }
  }

  function parseCheckList(items: Node[]): CheckItemAst[] {
    const out: CheckItemAst[] = [];
    for (const raw of items) {
      // An alias (`- *common_check`) stands for its anchored node.
      const item = isAlias(raw) ? ((raw.resolve(doc) as Node | undefined) ?? raw) : raw;
      let keyNode: Node;
      let config = new Map<string, ConfigEntry>();
      if (isScalar(item)) keyNode = item;
      else if (isMap(item) && item.items.length === 1) {
        const pair = item.items[0] as Pair<Node, Node>;
        keyNode = pair.key;
        const v = pair.value;
        if (isMap(v)) config = readConfig(v);
        else if (v !== null && !(isScalar(v) && v.value === null)) {
          syntax(rangeOf(v), 'the settings of a check must be a mapping, e.g. { warn: "< 100", fail: "= 0" }');
          continue;
        }
      } else {
        syntax(rangeOf(item), isMap(item) ? 'a check is a single key (the check) with an optional mapping of settings; split this entry' : 'a check must be a string like "row_count > 0"');
        continue;
      }
      if (!isScalar(keyNode) || typeof keyNode.value !== 'string') {
        syntax(rangeOf(keyNode), 'a check must be a string like "row_count > 0"');
        continue;
      }
      const parsed = parseCheckText(keyNode.value, keyNode.range![0] + sourceOffsetShift(text, keyNode.range![0]));
      if ('error' in parsed) {
        syntax(lines.rangeOf(parsed.start, parsed.end), parsed.error);
        continue;
      }
      out.push({ ...parsed.item, range: rangeOf(keyNode), config });
    }
    return out;
  }

  function readConfig(map: YAMLMap): Map<string, ConfigEntry> {
    const out = new Map<string, ConfigEntry>();
    for (const pair of map.items as Pair<Node, Node>[]) {
      const k = keyText(pair);
      if (k === undefined) {
        syntax(rangeOf(pair.key), 'setting names must be plain strings');
        continue;
      }
      const v = pair.value;
      // toJS with the document resolves aliases (`valid_values: *statuses`).
      let value: unknown = null;
      try {
        value = v ? (v as unknown as { toJS(d: unknown): unknown }).toJS(doc) : null;
      } catch {
        value = undefined;
      }
      out.set(k, { value, keyRange: rangeOf(pair.key), valueRange: rangeOf(v ?? pair.key) });
    }
    return out;
  }

  function parseCheckText(raw: string, baseOffset: number):
    | { item: Omit<CheckItemAst, 'range' | 'config'> }
    | { error: string; start: number; end: number } {
    const at = (i: number, j: number) => lines.rangeOf(baseOffset + i, baseOffset + j);
    const fail = (error: string, i = 0, j = raw.length) => ({ error, start: baseOffset + i, end: baseOffset + Math.max(j, i + 1) });
    let i = 0;
    while (raw[i] === ' ') i++;
    const nameMatch = /^[A-Za-z_][A-Za-z0-9_]*/.exec(raw.slice(i));
    if (!nameMatch) return fail(`'${raw}' does not start with a metric name such as row_count or missing_count(column)`);
    const metric = { value: nameMatch[0].toLowerCase(), range: at(i, i + nameMatch[0].length) };
    i += nameMatch[0].length;
    const args: Spanned<string>[] = [];
    if (raw[i] === '(') {
      let depth = 0;
      let argStart = i + 1;
      let quote: string | undefined;
      let j = i;
      for (; j < raw.length; j++) {
        const c = raw[j];
        if (quote) {
          if (c === quote) quote = undefined;
          continue;
        }
        // A quote only opens a quoted argument at its start, so `a"b` stays a plain (odd) column name.
        if ((c === '"' || c === "'") && /[(,]\s*$/.test(raw.slice(argStart - 1, j))) quote = c;
        else if (c === '(') depth++;
        else if (c === ')') {
          depth--;
          if (depth === 0) break;
        } else if (c === ',' && depth === 1) {
          pushArg(argStart, j);
          argStart = j + 1;
        }
      }
      if (j >= raw.length) return fail(`unclosed '(' in '${raw}'`, i, raw.length);
      pushArg(argStart, j);
      if (args.length === 1 && args[0].value === '') args.length = 0;
      i = j + 1;
    }
    const rest = raw.slice(i);
    let change: CheckItemAst['change'];
    let tail = rest.trim();
    let tailStart = i + (rest.length - rest.trimStart().length);
    const changeMatch = /^change(\s+percent)?\b/i.exec(tail);
    if (changeMatch) {
      change = { percent: !!changeMatch[1] };
      tailStart += changeMatch[0].length;
      const after = tail.slice(changeMatch[0].length);
      tailStart += after.length - after.trimStart().length;
      tail = after.trim();
    }
    let threshold: Spanned<Threshold> | undefined;
    if (tail !== '') {
      const t = parseThreshold(tail);
      if (!t.ok) return fail(t.error, tailStart, tailStart + tail.length);
      threshold = { value: t.threshold, range: at(tailStart, tailStart + tail.length) };
      if (change && t.threshold.unit === 'percent') change.percent = true;
    }
    return { item: { text: raw.trim(), metric, args, change, threshold } };

    function pushArg(s: number, e: number) {
      const seg = raw.slice(s, e);
      const lead = seg.length - seg.trimStart().length;
      const v = seg.trim().replace(/^(["'])(.*)\1$/, '$2');
      args.push({ value: v, range: at(s + lead, s + lead + seg.trim().length) });
    }
  }
}

/** Quoted YAML scalars start with the quote; the check text begins one character later. */
function sourceOffsetShift(text: string, offset: number): number {
  const c = text[offset];
  return c === '"' || c === "'" ? 1 : 0;
}

function keyText(pair: Pair<unknown, unknown>): string | undefined {
  const k = pair.key;
  if (isScalar(k) && (typeof k.value === 'string' || typeof k.value === 'number')) return String(k.value);
  return undefined;
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}
