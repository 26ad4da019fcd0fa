/** A file could not be parsed. The pipeline turns it into one warning and goes on. */
export class ParseError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly line?: number,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${reason}`);
    this.name = 'ParseError';
  }
}
