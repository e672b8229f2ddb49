/**
 * The rendered output, built piece by piece, and its map back to the template.
 *
 * A segment starts wherever the writer switches source: literal template text
 * maps 1:1 from its template offset, while text produced by an expression or a
 * macro call maps every character to the start of the producing tag.
 * Lookup is a binary search over segment starts: O(log n).
 */
import type { SourceMap } from './api';

export class OutputWriter {
  private parts: string[] = [];
  length = 0;
  // segment columns (struct-of-arrays keeps this allocation-light)
  private readonly segOut: number[] = [];
  private readonly segTpl: number[] = [];
  private readonly segLiteral: boolean[] = [];

  constructor(private readonly tracked: boolean) {}

  /** Appends template text starting at `templateOffset` (maps 1:1). */
  literal(text: string, templateOffset: number): void {
    if (!text) return;
    if (this.tracked) {
      this.segOut.push(this.length);
      this.segTpl.push(templateOffset);
      this.segLiteral.push(true);
    }
    this.parts.push(text);
    this.length += text.length;
  }

  /** Appends text produced by the tag starting at `tagOffset` (every character maps to the tag). */
  produced(text: string, tagOffset: number): void {
    if (!text) return;
    if (this.tracked) {
      const n = this.segOut.length;
      // consecutive pieces from the same tag share one segment
      if (!(n && !this.segLiteral[n - 1] && this.segTpl[n - 1] === tagOffset)) {
        this.segOut.push(this.length);
        this.segTpl.push(tagOffset);
        this.segLiteral.push(false);
      }
    }
    this.parts.push(text);
    this.length += text.length;
  }

  text(): string {
    if (this.parts.length > 1) this.parts = [this.parts.join('')];
    return this.parts[0] ?? '';
  }

  map(): SourceMap {
    return new SegmentSourceMap(this.segOut, this.segTpl, this.segLiteral, this.length);
  }
}

export class SegmentSourceMap implements SourceMap {
  constructor(
    private readonly segOut: number[],
    private readonly segTpl: number[],
    private readonly segLiteral: boolean[],
    private readonly outputLength: number,
  ) {}

  toTemplate(outputOffset: number): number {
    const n = this.segOut.length;
    if (n === 0) return 0;
    const o = Math.max(0, Math.min(outputOffset, this.outputLength));
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.segOut[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return this.segLiteral[lo] ? this.segTpl[lo] + (o - this.segOut[lo]) : this.segTpl[lo];
  }
}
