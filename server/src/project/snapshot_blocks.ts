/**
 * Cuts `{% snapshot name %} … {% endsnapshot %}` blocks out of a snapshot
 * file (a file may hold several). The body, with its config() call, is left
 * for the Jinja renderer; offsets are kept so its ranges map back.
 */

export interface SnapshotBlock {
  name: string;
  /** Offsets of the name in the opening tag. */
  nameStart: number;
  nameEnd: number;
  body: string;
  bodyOffset: number;
}

export interface SnapshotBlockError {
  message: string;
  start: number;
  end: number;
}

// `d` gives the offsets of the captured name.
const TAG = /\{%-?\s*(snapshot|endsnapshot)\b\s*([^%]*?)\s*-?%\}|\{#[\s\S]*?#\}/dg;

export function findSnapshotBlocks(text: string): { blocks: SnapshotBlock[]; errors: SnapshotBlockError[] } {
  const blocks: SnapshotBlock[] = [];
  const errors: SnapshotBlockError[] = [];
  let open: { name: string; nameStart: number; nameEnd: number; tagStart: number; bodyOffset: number } | undefined;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(text); m; m = TAG.exec(text)) {
    if (m[1] === undefined) continue; // a {# comment #}
    const tagStart = m.index;
    const tagEnd = m.index + m[0].length;
    if (m[1] === 'snapshot') {
      if (open) {
        errors.push({ message: `snapshot '${open.name}' is not closed before the next {% snapshot %} (missing {% endsnapshot %})`, start: open.tagStart, end: open.bodyOffset });
      }
      const arg = m[2];
      const nameMatch = /^[A-Za-z_][A-Za-z0-9_]*$/.exec(arg);
      const argStart = m.indices?.[2]?.[0] ?? tagStart;
      if (!nameMatch) {
        errors.push({ message: arg ? `invalid snapshot name '${arg}'` : 'snapshot block needs a name: {% snapshot my_snapshot %}', start: tagStart, end: tagEnd });
        open = undefined;
        continue;
      }
      open = { name: arg, nameStart: argStart, nameEnd: argStart + arg.length, tagStart, bodyOffset: tagEnd };
    } else {
      if (!open) {
        errors.push({ message: '{% endsnapshot %} without a matching {% snapshot %}', start: tagStart, end: tagEnd });
        continue;
      }
      blocks.push({ name: open.name, nameStart: open.nameStart, nameEnd: open.nameEnd, body: text.slice(open.bodyOffset, tagStart), bodyOffset: open.bodyOffset });
      open = undefined;
    }
  }
  if (open) errors.push({ message: `snapshot '${open.name}' is never closed (missing {% endsnapshot %})`, start: open.tagStart, end: open.bodyOffset });
  return { blocks, errors };
}
