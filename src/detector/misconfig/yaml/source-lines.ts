import { LineIndex } from '../../../analyzer/lines.js';

/** Maps character offsets of a text to 1-based line numbers, keeping the text and its line count. */
export class SourceLines extends LineIndex {
  constructor(readonly text: string) {
    super(text);
  }

  /** Number of lines (a trailing newline does not start a new one). */
  get count(): number {
    return this.text.endsWith('\n') ? this.starts.length - 1 : this.starts.length;
  }
}
