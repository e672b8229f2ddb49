import { LineIndex } from '../core/text';

/** Line indexes built on first use: most files never need one (no diagnostic, no query). */
export class LineIndexCache {
  private readonly cache = new Map<string, LineIndex>();

  constructor(private readonly files: ReadonlyMap<string, string>) {}

  of(file: string): LineIndex {
    let li = this.cache.get(file);
    if (!li) {
      li = new LineIndex(this.files.get(file) ?? '');
      this.cache.set(file, li);
    }
    return li;
  }

  text(file: string): string | undefined {
    return this.files.get(file);
  }
}
