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
    this.strings.set(s, s);
    return s;
  }

  get size(): number {
    return this.strings.size;
  }
}
