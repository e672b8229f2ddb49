/**
 * A parsed YAML file that remembers where everything came from. Values are
 * held as light plain-object nodes (scalar / map / seq with start and end
 * offsets) rather than the `yaml` library's classes: a 10,000-model project
 * has half a million nodes, and the library's node objects cost several
 * times more to build and to walk.
 *
 * The fast subset parser (fast_yaml.ts) builds these nodes directly; for any
 * other file the `yaml` library parses it and its document is converted.
 * Offsets are UTF-16 string offsets, exactly what `LineIndex` maps.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document, type Node as LibNode } from 'yaml';
import { ZERO_RANGE, type Range } from '../core/text';
import { RangeSource } from '../core/deferred_range';
import { StringPool } from '../core/string_pool';
import { parseYamlFast } from './fast_yaml';

export interface YScalar {
  kind: 'scalar';
  value: unknown;
  start: number;
  end: number;
  /** How it was written: PLAIN, QUOTE_DOUBLE, QUOTE_SINGLE, BLOCK_LITERAL, BLOCK_FOLDED. */
  style: string;
}

export interface YMap {
  kind: 'map';
  /** Keys and values in document order; keys are scalars (other keys are dropped). */
  keys: YScalar[];
  values: (YamlNode | null)[];
  start: number;
  end: number;
}

export interface YSeq {
  kind: 'seq';
  items: YamlNode[];
  start: number;
  end: number;
}

export type YamlNode = YScalar | YMap | YSeq;

export interface YamlSyntaxError {
  message: string;
  range: Range;
}

export class YamlFile {
  readonly root: YamlNode | null;
  readonly errors: YamlSyntaxError[];
  /** True when the fast subset parser handled the file (for tests and measurements). */
  readonly usedFastParser: boolean;
  /** Offsets → ranges for this text; deferred ranges of the file's entries keep it (not the parse tree). */
  readonly source: RangeSource;

  /** Pools names read out of the file (see readColumns), shared across files when the caller passes one pool. */
  readonly strings: StringPool;

  constructor(
    readonly file: string,
    readonly text: string,
    strings?: StringPool,
  ) {
    this.strings = strings ?? new StringPool();
    this.source = new RangeSource(text, file);
    const fast = parseYamlFast(text);
    this.usedFastParser = fast !== undefined;
    if (fast !== undefined) {
      this.root = fast;
      this.errors = [];
      return;
    }
    // uniqueKeys stays on (the default): a duplicated key silently drops data, worth an error.
    const { root, doc } = parseWithLibrary(text);
    this.root = root;
    this.errors = doc.errors.map((e) => {
      const quoteStart = e.code === 'MISSING_CHAR' ? unclosedQuoteStart(doc, e.pos[0]) : undefined;
      if (quoteStart !== undefined) {
        // The parser notices a missing closing quote only at the end of the file; point at the opening quote instead.
        const lineEnd = this.text.indexOf('\n', quoteStart);
        return { message: firstLine(e.message), range: this.rangeOfOffsets(quoteStart, lineEnd < 0 ? this.text.length : lineEnd) };
      }
      return { message: firstLine(e.message), range: this.rangeOfOffsets(e.pos[0], Math.max(e.pos[1], e.pos[0] + 1)) };
    });
  }

  /** The document's top-level node, when it is a mapping. */
  get rootMap(): YMap | undefined {
    return this.root?.kind === 'map' ? this.root : undefined;
  }

  rangeOfOffsets(start: number, end: number): Range {
    return this.source.rangeOf(start, end);
  }

  /** Range of a node's value (without trailing comments/whitespace). */
  rangeOf(node: YamlNode | null | undefined): Range {
    if (!node) return ZERO_RANGE;
    return this.rangeOfOffsets(node.start, node.end);
  }

  /** Plain JS value of a node (maps → objects, keys stringified). */
  toJS(node: YamlNode | null | undefined): unknown {
    return node ? toJS(node) : undefined;
  }
}

export function toJS(node: YamlNode | null): unknown {
  if (node === null) return null;
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq': {
      const out = new Array<unknown>(node.items.length);
      for (let i = 0; i < node.items.length; i++) out[i] = toJS(node.items[i]);
      return out;
    }
    case 'map': {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < node.keys.length; i++) out[String(node.keys[i].value)] = toJS(node.values[i]);
      return out;
    }
  }
}

/** Finds a key in a mapping; `present` distinguishes `key: null` from a missing key. */
export function lookup(map: YMap | undefined, key: string): { present: boolean; keyNode?: YScalar; value: YamlNode | null } {
  if (map) {
    const keys = map.keys;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i].value === key) return { present: true, keyNode: keys[i], value: map.values[i] };
    }
  }
  return NOT_PRESENT;
}

const NOT_PRESENT = Object.freeze({ present: false, value: null }) as { present: false; value: null };

/** The value of a key (null when missing or written as null). */
export function getNode(map: YMap | undefined, key: string): YamlNode | null {
  if (map) {
    const keys = map.keys;
    for (let i = 0; i < keys.length; i++) if (keys[i].value === key) return map.values[i];
  }
  return null;
}

export function asMap(node: YamlNode | null | undefined): YMap | undefined {
  return node?.kind === 'map' ? node : undefined;
}

export function asSeq(node: YamlNode | null | undefined): YSeq | undefined {
  return node?.kind === 'seq' ? node : undefined;
}

/** A scalar's value as a string (numbers and booleans stringified); undefined for null, maps and lists. */
export function scalarString(node: YamlNode | null | undefined): string | undefined {
  if (node?.kind !== 'scalar' || node.value === null || node.value === undefined) return undefined;
  return typeof node.value === 'string' ? node.value : String(node.value);
}

/** A scalar written as a string (not a number or boolean). */
export function stringValue(node: YamlNode | null | undefined): string | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

export function isNullNode(node: YamlNode | null | undefined): boolean {
  return node === null || node === undefined || (node.kind === 'scalar' && node.value === null);
}

export function seqItems(seq: YSeq | undefined): YamlNode[] {
  return seq ? seq.items : [];
}

// ------------------------------------------------------------ library bridge

/** Parses with the yaml library and converts to light nodes (what YamlFile does when the fast parser gives up). */
export function parseWithLibrary(text: string): { root: YamlNode | null; doc: Document } {
  const doc = parseDocument(text, { prettyErrors: false, keepSourceTokens: false });
  return { root: convertLibraryNode(doc, doc.contents as LibNode | null, { aliases: 0 }), doc };
}

const MAX_ALIASES = 100;

/** Converts the yaml library's nodes; aliases are expanded (bounded, so an alias bomb cannot hang us). */
function convertLibraryNode(doc: Document, node: LibNode | null | undefined, budget: { aliases: number }): YamlNode | null {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) {
    if (++budget.aliases > MAX_ALIASES) return null;
    const target = node.resolve(doc);
    return convertLibraryNode(doc, target as LibNode | undefined, budget);
  }
  const r = node.range ?? [0, 0, 0];
  if (isScalar(node)) return { kind: 'scalar', value: node.value, start: r[0], end: r[1], style: String(node.type ?? 'PLAIN') };
  if (isSeq(node)) {
    const items: YamlNode[] = [];
    for (const item of node.items) {
      const c = convertLibraryNode(doc, item as LibNode, budget);
      items.push(c ?? { kind: 'scalar', value: null, start: r[0], end: r[0], style: 'PLAIN' });
    }
    return { kind: 'seq', items, start: r[0], end: r[1] };
  }
  if (isMap(node)) {
    const map: YMap = { kind: 'map', keys: [], values: [], start: r[0], end: r[1] };
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = convertLibraryNode(doc, pair.key as LibNode, budget);
      // Only scalar keys name things in dbt YAML; `? [complex]` keys are skipped.
      if (key?.kind !== 'scalar') continue;
      map.keys.push(key);
      map.values.push(convertLibraryNode(doc, pair.value as LibNode, budget));
    }
    return map;
  }
  return null;
}

/** Start of the quoted scalar that runs into the error position, if any. */
function unclosedQuoteStart(doc: Document, errorOffset: number): number | undefined {
  let found: number | undefined;
  visit(doc, {
    Scalar: (_key, node) => {
      const r = node.range;
      if (r && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && r[0] <= errorOffset && r[1] >= errorOffset) {
        found = r[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function firstLine(message: string): string {
  const nl = message.indexOf('\n');
  return nl < 0 ? message : message.slice(0, nl);
}
