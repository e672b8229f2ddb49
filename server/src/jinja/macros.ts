/**
 * The macro registry: every `{% macro %}` of the project and its packages,
 * parsed once (ASTs cached here, shared by every render) and indexed by
 * package and name.
 */
import type { JinjaError, MacroInfo, MacroRegistry } from './api';
import type { MacroNode } from './ast';
import { parseTemplate } from './parser';
import type { MacroFile } from '../project/types';

export interface MacroDef {
  name: string;
  packageName: string;
  file: string;
  node: MacroNode;
}

export class MacroRegistryImpl implements MacroRegistry {
  readonly macros = new Map<string, MacroInfo>();
  readonly errors: (JinjaError & { file: string })[] = [];
  /** package → macro name → definition */
  readonly byPackage = new Map<string, Map<string, MacroDef>>();

  constructor(readonly rootProject: string) {}

  find(pkg: string, name: string): MacroDef | undefined {
    return this.byPackage.get(pkg)?.get(name);
  }

  hasPackage(pkg: string): boolean {
    return this.byPackage.has(pkg);
  }

  add(file: MacroFile): void {
    const parsed = parseTemplate(file.text);
    for (const e of parsed.errors) this.errors.push({ ...e, file: file.file });
    let pkgMacros = this.byPackage.get(file.packageName);
    if (!pkgMacros) this.byPackage.set(file.packageName, (pkgMacros = new Map()));
    for (const node of parsed.macros) {
      const existing = pkgMacros.get(node.name);
      if (existing) {
        this.errors.push({
          message: `Macro '${node.name}' is defined twice in package '${file.packageName}' (also in ${existing.file})`,
          start: node.nameStart,
          end: node.nameEnd,
          file: file.file,
        });
        continue;
      }
      pkgMacros.set(node.name, { name: node.name, packageName: file.packageName, file: file.file, node });
      this.macros.set(`${file.packageName}.${node.name}`, {
        name: node.name,
        packageName: file.packageName,
        file: file.file,
        args: node.params.map((p) => ({ name: p.name, hasDefault: p.default !== undefined })),
        nameStart: node.nameStart,
        nameEnd: node.nameEnd,
        summary: summarize(file.text, node),
      });
    }
  }
}

/** The doc comment right before the macro, else the first non-blank line of its body. */
function summarize(text: string, node: MacroNode): string | undefined {
  let i = node.start - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  if (i >= 1 && text[i] === '}' && text[i - 1] === '#') {
    const open = text.lastIndexOf('{#', i);
    if (open >= 0) {
      const line = firstLine(text.slice(open + 2, i - 1).replace(/^-/, '').replace(/-$/, ''));
      if (line) return line;
    }
  }
  return firstLine(text.slice(node.bodyStart, node.bodyEnd));
}

function firstLine(s: string): string | undefined {
  for (const line of s.split('\n')) {
    const t = line.trim();
    if (t) return t.length > 200 ? t.slice(0, 200) + '…' : t;
  }
  return undefined;
}

export function buildMacroRegistry(files: MacroFile[], rootProject: string): MacroRegistryImpl {
  const reg = new MacroRegistryImpl(rootProject);
  for (const f of files) reg.add(f);
  return reg;
}
