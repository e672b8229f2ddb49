/**
 * Broken references and render/parse failures: unresolved-ref,
 * unresolved-source (in models and singular tests), jinja-error,
 * sql-syntax, yaml-unknown-model, and project-config for a declared version
 * without a file (dbt refuses it).
 */
import type { Diagnostic } from '../core/diagnostic';
import { didYouMean } from '../core/did_you_mean';
import { compareVersions } from '../project/model_versions';
import type { Project, VersionDecl } from '../project/types';
import type { ProjectAnalysisDetail } from '../analysis/analyze_project';
import type { LineIndexCache } from '../analysis/line_index_cache';
import { diag, singularTestCalls, visit, type Rule } from './rule_context';

export const referenceRules: Rule = (ctx) => {
  const { analysis, lines } = ctx;
  const { project } = analysis;
  const out: Diagnostic[] = [];
  const calls = callChecker(analysis, lines, out);
  for (const [id, r] of visit(ctx, analysis.modelResults)) {
    const node = analysis.nodes.get(id)!;
    const file = node.file!;
    calls(file, node.packageName, r.refs, r.sources, { node: id });
    for (const e of r.jinjaErrors) {
      const f = e.file ?? file;
      out.push(diag('jinja-error', f, lines.of(f).rangeOf(e.start, e.end), e.message, { data: { node: id } }));
    }
    // SQL errors after a failed render are noise: the rendered text is incomplete.
    if (!r.jinjaErrors.length) {
      for (const e of r.sqlErrors) out.push(diag('sql-syntax', file, lines.of(file).rangeOf(e.start, e.end), e.message, { data: { node: id } }));
    }
  }
  // Project-wide findings (not about one node) are only produced by full runs.
  if (ctx.only) return out;
  for (const e of analysis.macros.errors) out.push(diag('jinja-error', e.file, lines.of(e.file).rangeOf(e.start, e.end), e.message));

  out.push(...versionsWithoutFile(project));
  // Singular tests are not nodes of the analysis, but dbt resolves their ref()/source() calls as a model's.
  for (const t of project.singularTests) {
    if (t.file.startsWith('dbt_packages/')) continue;
    const st = singularTestCalls(t);
    calls(t.file, project.config.name, st.refs, st.sources, { test: t.name });
  }
  const known = {
    models: new Set([...project.models, ...project.disabledModels].map((m) => m.name)),
    seeds: new Set(project.seeds.map((s) => s.name)),
    snapshots: new Set(project.snapshots.map((s) => s.name)),
  };
  for (const entry of project.propertyEntries) {
    const names = known[entry.kind];
    if (names.has(entry.name)) continue;
    const suggestion = didYouMean(entry.name, names);
    const what = entry.kind.slice(0, -1);
    out.push(diag('yaml-unknown-model', entry.file, entry.nameRange, `Properties for ${what} '${entry.name}', but no ${what} of that name exists.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`, { data: { suggestion } }));
  }
  return out;
};

type Refs = readonly { name: string; package?: string; version?: string | number; start: number; end: number }[];
type Sources = readonly { source: string; table: string; sourceStart: number; sourceEnd: number; tableStart: number; tableEnd: number }[];

/** Reports the ref() and source() calls of one file that resolve to nothing, with ranges in that file. */
function callChecker(analysis: ProjectAnalysisDetail, lines: LineIndexCache, out: Diagnostic[]) {
  const { project } = analysis;
  let declared: Map<string, VersionDecl[]> | undefined;
  return (file: string, pkg: string, refs: Refs, sources: Sources, about: Record<string, unknown>): void => {
    // Built on first use: most files have no finding, and a retained line index per model file costs ~1 KB each.
    const li = { rangeOf: (start: number, end: number) => lines.of(file).rangeOf(start, end) };
    const seen = new Set<string>();
    for (const ref of refs) {
      const key = `${ref.start}:${ref.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const res = analysis.refIndex.resolve(ref.name, ref.package, ref.version, pkg);
      if (res.kind === 'ok') continue;
      const range = li.rangeOf(ref.start, ref.end);
      if (res.kind === 'missing') {
        const hint = res.suggestion ? ` Did you mean '${res.suggestion}'?` : '';
        out.push(diag('unresolved-ref', file, range, `ref('${ref.name}') does not match any model, seed or snapshot.${hint}`, { data: { ...about, name: ref.name, suggestion: res.suggestion } }));
      } else if (res.kind === 'disabled') {
        out.push(diag('unresolved-ref', file, range, `ref('${ref.name}') points at a disabled model (enabled: false); it will not be built.`, { data: { ...about, name: ref.name, disabled: res.uniqueId } }));
      } else if (res.kind === 'bad-version') {
        const known = knownVersions(res.versions, (declared ??= declaredVersions(project)).get(`${ref.package ?? pkg}\0${ref.name}`) ?? declared.get(`\0${ref.name}`));
        out.push(diag('unresolved-ref', file, range, `ref('${ref.name}', v=${ref.version}): no such version (known: ${known.join(', ') || 'none'}).`, { data: { ...about, name: ref.name } }));
      }
    }
    for (const s of sources) {
      const res = analysis.sourceIndex.resolve(s.source, s.table);
      if (res.kind === 'missing-source') {
        const hint = res.suggestion ? ` Did you mean '${res.suggestion}'?` : '';
        out.push(diag('unresolved-source', file, li.rangeOf(s.sourceStart, s.sourceEnd), `source '${s.source}' is not declared in any properties file.${hint}`, { data: { ...about, source: s.source, suggestion: res.suggestion } }));
      } else if (res.kind === 'missing-table') {
        const hint = res.suggestion ? ` Did you mean '${res.suggestion}'?` : '';
        out.push(diag('unresolved-source', file, li.rangeOf(s.tableStart, s.tableEnd), `source '${s.source}' has no table '${s.table}'.${hint}`, { data: { ...about, source: s.source, table: s.table, suggestion: res.suggestion } }));
      }
    }
  };
}

/**
 * The `versions:` each versioned model declares, by package and name (and by
 * name alone, for a ref() whose package has none of them), read from the
 * properties of its versions that have a file.
 */
function declaredVersions(project: Project): Map<string, VersionDecl[]> {
  const out = new Map<string, VersionDecl[]>();
  for (const m of [...project.models, ...project.disabledModels]) {
    const versions = m.props?.versions;
    if (m.version === undefined || !versions) continue;
    if (!out.has(`${m.packageName}\0${m.name}`)) out.set(`${m.packageName}\0${m.name}`, versions);
    if (!out.has(`\0${m.name}`)) out.set(`\0${m.name}`, versions);
  }
  return out;
}

/** The versions to offer: those with a node and those only declared, once each, in dbt's order. */
function knownVersions(resolvable: (string | number)[], declared: VersionDecl[] | undefined): (string | number)[] {
  const byText = new Map<string, string | number>();
  for (const v of [...resolvable, ...(declared ?? []).map((d) => d.v)]) if (!byText.has(String(v))) byText.set(String(v), v);
  return [...byText.values()].sort(compareVersions);
}

/**
 * A `- v: N` entry whose version has no SQL file (neither `<name>_v<N>` nor
 * its `defined_in`): dbt refuses to parse the project. Reported on the entry.
 */
function versionsWithoutFile(project: Project): Diagnostic[] {
  const out: Diagnostic[] = [];
  const own = project.config.name;
  const defined = new Set<string>();
  for (const m of [...project.models, ...project.disabledModels]) if (m.version !== undefined) defined.add(`${m.packageName}\0${m.name}\0${m.version}`);
  const seen = new Set<string>();
  for (const m of project.models) {
    const versions = m.props?.versions;
    const entry = `${m.props?.file}\0${m.name}`;
    if (m.version === undefined || m.packageName !== own || !versions || seen.has(entry)) continue;
    seen.add(entry);
    for (const v of versions) {
      if (defined.has(`${m.packageName}\0${m.name}\0${v.v}`)) continue;
      const stem = v.definedIn ?? `${m.name}_v${v.v}`;
      out.push(diag('project-config', m.props!.file, v.range, `Version ${v.v} of model '${m.name}' is declared but has no model file (${stem}.sql); dbt fails to parse the project.`, { data: { name: m.name, version: v.v, file: stem } }));
    }
  }
  return out;
}
