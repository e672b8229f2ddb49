/**
 * Hover text for `*.checks.yml`: what a check measures and which settings it
 * takes, or which relation a dataset name resolves to.
 */
import type { CheckCatalog } from './catalog';
import { CHECK_NAMES, settingsFor } from './plan_checks';

export function checkHover(fileText: string, offset: number, catalog: CheckCatalog): string | undefined {
  if (offset < 0 || offset > fileText.length) return undefined;
  const lineStart = fileText.lastIndexOf('\n', offset - 1) + 1;
  const lineEndRaw = fileText.indexOf('\n', offset);
  const line = fileText.slice(lineStart, lineEndRaw < 0 ? fileText.length : lineEndRaw);
  const col = offset - lineStart;

  const ds = /^(\s*(?:-\s*)?(?:dataset|against):\s*["']?)([^"'\s#,}]+)/.exec(line) ?? /((?:against|dataset):\s*["']?)([^"'\s#,}]+)/.exec(line);
  if (ds) {
    const start = (ds.index ?? 0) + ds[1].length;
    if (col >= start && col <= start + ds[2].length) {
      const d = catalog.resolve(ds[2]);
      if (!d) return `Unknown dataset \`${ds[2]}\``;
      const rel = [d.relation.database, d.relation.schema, d.relation.name].filter(Boolean).join('.');
      const cols = d.columns.length ? `\n\nColumns: ${d.columns.map((c) => `\`${c}\``).join(', ')}` : '';
      return `**${d.display}** — ${d.kind} \`${d.id}\`\n\nRelation: \`${rel}\`${cols}`;
    }
  }

  const word = /[A-Za-z_][A-Za-z0-9_]*/g;
  for (let m = word.exec(line); m; m = word.exec(line)) {
    if (col < m.index || col > m.index + m[0].length) continue;
    const name = m[0].toLowerCase();
    if (!(name in CHECK_NAMES)) return undefined;
    return `**${name}** — ${CHECK_NAMES[name]}\n\nSettings: ${settingsFor(name).map((s) => `\`${s}\``).join(', ')}`;
  }
  return undefined;
}
