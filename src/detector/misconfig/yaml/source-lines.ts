/** Maps character offsets of a text to 1-based line numbers (binary search over line starts). */
export class SourceLines {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** The 1-based line holding the character at `offset`. */
  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** Number of lines (a trailing newline does not start a new one). */
  get count(): number {
    return this.text.endsWith('\n') ? this.starts.length - 1 : this.starts.length;
  }
}
