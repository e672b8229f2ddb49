/**
 * The Jinja layer's public functions. Pure: template text and a dbt context
 * in; rendered SQL, a source map, the refs/sources/config it executed and
 * errors with template offsets out. Nothing here throws on bad templates.
 */
import type { DbtContext, JinjaError, MacroRegistry, RenderResult } from './api';
import { DbtSession } from './dbt_context';
import { Renderer } from './evaluate';
import { buildMacroRegistry as build } from './macros';
import { parseTemplate } from './parser';
import { toJs } from './values';
import type { MacroFile } from '../project/types';

export type * from './api';
export { extractStatic } from './static_extract';
export { renderRelation } from './relation';

/** Parses every macro file once; the registry caches the ASTs for all renders. */
export function buildMacroRegistry(files: MacroFile[], rootProject: string): MacroRegistry {
  return build(files, rootProject);
}

/** Renders a model/snapshot/test template in the dbt context. */
export function renderTemplate(template: string, ctx: DbtContext, options: { file?: string } = {}): RenderResult {
  try {
    return render(template, ctx, options);
  } catch (e) {
    // the engine handles bad templates itself; this only guards against our own bugs
    const message = `Internal error in the Jinja renderer: ${e instanceof Error ? e.message : String(e)}`;
    return { output: '', map: { toTemplate: () => 0 }, refs: [], sources: [], config: {}, errors: [{ message, start: 0, end: 0 }] };
  }
}

function render(template: string, ctx: DbtContext, options: { file?: string }): RenderResult {
  const parsed = parseTemplate(template);
  const session = new DbtSession(ctx, ctx.packageName ?? ctx.projectName, options.file);
  const renderer = new Renderer(session, { file: undefined, pkg: session.nodePackage });
  session.renderer = renderer;
  const rendered = renderer.renderTemplate(parsed.body, parsed.macros);
  const errors: JinjaError[] = parsed.errors.map((e) => ({ message: e.message, start: e.start, end: e.end }));
  for (const e of rendered.errors) errors.push(e);
  errors.sort((a, b) => (a.file === b.file ? a.start - b.start : a.file === undefined ? -1 : b.file === undefined ? 1 : 0));
  return {
    output: rendered.output,
    map: rendered.map,
    refs: session.refs,
    sources: session.sources,
    config: toJs(session.config) as Record<string, unknown>,
    errors,
  };
}

export interface MacroOutline {
  name: string;
  args: { name: string; hasDefault: boolean }[];
  nameStart: number;
  nameEnd: number;
  bodyStart: number;
  bodyEnd: number;
}

/** The macros a file defines, with offsets (go-to-definition, hover, outline). */
export function extractMacros(text: string): MacroOutline[] {
  return parseTemplate(text).macros.map((m) => ({
    name: m.name,
    args: m.params.map((p) => ({ name: p.name, hasDefault: p.default !== undefined })),
    nameStart: m.nameStart,
    nameEnd: m.nameEnd,
    bodyStart: m.bodyStart,
    bodyEnd: m.bodyEnd,
  }));
}
