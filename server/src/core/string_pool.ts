/**
 * One copy of each equal string. Column names and types repeat across models
 * (`customer_id` in hundreds of them), but each parse slices its own copy out
 * of its own SQL: at 10,000 models that is ~190,000 strings where a few
 * thousand distinct ones would do. A pool lives as long as the analysis that
 * fills it; it never evicts, since what it holds is what that analysis uses.
 */
export class StringPool {
  private readonly strings = new Map<string, string>();

  intern(s: string): string;
  intern(s: string | undefined): string | undefined;
  intern(s: string | undefined): string | undefined {
    if (s === undefined) return undefined;
    const hit = this.strings.get(s);
    if (hit !== undefined) return hit;
    const own = ownCopy(s);
    this.strings.set(own, own);
    return own;
  }

  get size(): number {
    return this.strings.size;
  }
}

/**
 * A string that holds no other. V8 makes a slice of 13 or more characters a
 * view into the string it was cut from, so a pooled name cut from a model's
 * rendered SQL kept that whole SQL alive for as long as the analysis (the
 * compiled SQL is otherwise dropped once parsed). Concatenating, then cutting
 * off the added character, yields a view into a string of the name's own size.
 */
function ownCopy(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
