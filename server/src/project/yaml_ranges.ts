/**
 * A parsed YAML file that remembers where everything came from: wraps the
 * `yaml` library's Document so the loaders can read values and turn node
 * ranges into our 0-based `Range`s. Offsets from the yaml library are UTF-16
 * string offsets, exactly what `LineIndex` maps, so no LineCounter is needed.
 */
import { isMap, isScalar, isSeq, parseDocument, visit, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { LineIndex, ZERO_RANGE, type Range } from '../core/text';
import { parseYamlFast } from './fast_yaml';

export type YamlNode = Node;

export interface YamlSyntaxError {
  message: string;
  range: Range;
}

export class YamlFile {
  readonly doc: Document;
  readonly errors: YamlSyntaxError[];
  /** True when the fast subset parser handled the file (for tests and measurements). */
  readonly usedFastParser: boolean;
  private index: LineIndex | undefined;

  constructor(readonly file: string, readonly text: string) {
    // The fast parser covers what properties files are written in; anything else (and every
    // error) goes to the yaml library. uniqueKeys stays on there: a duplicated key silently drops data.
    const fast = parseYamlFast(text);
    this.usedFastParser = fast !== undefined;
    this.doc = fast ?? parseDocument(text, { prettyErrors: false, keepSourceTokens: false });
    this.errors = this.doc.errors.map((e) => {
      const quoteStart = e.code === 'MISSING_CHAR' ? this.unclosedQuoteStart(e.pos[0]) : undefined;
      if (quoteStart !== undefined) {
        // The parser notices a missing closing quote only at the end of the file; point at the opening quote instead.
        const lineEnd = this.text.indexOf('\n', quoteStart);
        return { message: firstLine(e.message), range: this.rangeOfOffsets(quoteStart, lineEnd < 0 ? this.text.length : lineEnd) };
      }
      return { message: firstLine(e.message), range: this.rangeOfOffsets(e.pos[0], Math.max(e.pos[1], e.pos[0] + 1)) };
    });
  }

  /** Start of the quoted scalar that runs into the error position, if any. */
  private unclosedQuoteStart(errorOffset: number): number | undefined {
    let found: number | undefined;
    visit(this.doc, {
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

  /** The document's top-level node, when it is a mapping. */
  get rootMap(): YAMLMap | undefined {
    return isMap(this.doc.contents) ? this.doc.contents : undefined;
  }

  rangeOfOffsets(start: number, end: number): Range {
    this.index ??= new LineIndex(this.text);
    return this.index.rangeOf(start, Math.min(end, this.text.length));
  }

  /** Range of a node's value (without trailing comments/whitespace). */
  rangeOf(node: Node | null | undefined): Range {
    const r = node?.range;
    if (!r) return ZERO_RANGE;
    return this.rangeOfOffsets(r[0], r[1]);
  }

  /** Plain JS value of a node (maps → objects); aliases resolved against this document. */
  toJS(node: Node | null | undefined): unknown {
    if (node == null) return undefined;
    try {
      return node.toJS(this.doc, { maxAliasCount: 100 });
    } catch {
      // A broken alias or an alias bomb: treat as absent rather than crash the load.
      return undefined;
    }
  }
}

function firstLine(message: string): string {
  const nl = message.indexOf('\n');
  return nl < 0 ? message : message.slice(0, nl);
}

/** The pairs of a mapping whose keys are plain scalars. */
export function* entries(map: YAMLMap): Generator<{ key: string; keyNode: Node; value: Node | null; pair: Pair }> {
  for (const pair of map.items as Pair<unknown, unknown>[]) {
    const k = pair.key;
    if (!isScalar(k)) continue;
    yield { key: String(k.value), keyNode: k, value: (pair.value ?? null) as Node | null, pair: pair as Pair };
  }
}

/** Finds a key in a mapping; `present` distinguishes `key: null` from a missing key. */
export function lookup(map: YAMLMap | undefined, key: string): { present: boolean; keyNode?: Node; value: Node | null } {
  if (map) {
    for (const pair of map.items as Pair<unknown, unknown>[]) {
      const k = pair.key;
      if (isScalar(k) && k.value === key) return { present: true, keyNode: k, value: (pair.value ?? null) as Node | null };
    }
  }
  return { present: false, value: null };
}

export function getNode(map: YAMLMap | undefined, key: string): Node | null {
  return lookup(map, key).value;
}

export function asMap(node: Node | null | undefined): YAMLMap | undefined {
  return isMap(node) ? node : undefined;
}

export function asSeq(node: Node | null | undefined): YAMLSeq | undefined {
  return isSeq(node) ? node : undefined;
}

/** A scalar's value as a string (numbers and booleans stringified); undefined for null, maps and lists. */
export function scalarString(node: Node | null | undefined): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return String(node.value);
}

export function isNullNode(node: Node | null | undefined): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}

export { isMap, isScalar, isSeq };

/** The items of a sequence as nodes (the yaml library types them as unknown). */
export function seqItems(seq: YAMLSeq | undefined): Node[] {
  return seq ? (seq.items as Node[]) : [];
}
