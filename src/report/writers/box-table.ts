import { colorizeLines, truncate } from './ansi-state.js';
import { textWidth } from './text-width.js';

/** The columns of a box-drawn table, and optionally fixed widths (borders excluded) for some. */
export interface BoxTableOptions {
  head: readonly string[];
  /** A number fixes the column's width (padding included); its cells wrap on word boundaries. */
  colWidths?: readonly (number | null)[];
}

/**
 * A table drawn with box characters, byte for byte as cli-table3 0.6 draws
 * `new Table({ head, style: { head: [], border: [] }, wordWrap: true, colWidths })`: one space of
 * padding, columns as wide as their widest cell, fixed-width columns wrapped on word boundaries
 * and cut with `…`, colour codes kept and closed per line. It measures plain ASCII text by its
 * length, where cli-table3 runs string-width (and builds a regular expression) for every
 * measurement; that made tables of a few dozen findings cost tens of milliseconds.
 * Every row has one cell per column; `undefined` is an empty cell.
 */
export function renderBoxTable(options: BoxTableOptions, rows: readonly (readonly (string | undefined)[])[]): string {
  const columns = options.head.length;
  const fixed = options.colWidths ?? [];
  const all = options.head.length ? [options.head, ...rows] : rows;
  const widths: number[] = new Array<number>(columns).fill(1);
  const cells = all.map((row) => {
    if (row.length !== columns) throw new Error(`table row has ${row.length} cells for ${columns} columns`);
    return row.map((value, x) => {
      const content = value ?? '';
      const width = fixed[x];
      const lines = colorizeLines(width && width > 0 ? wordWrapLines(width - 2, content) : content.split('\n'));
      if (typeof width !== 'number') widths[x] = Math.max(widths[x], textWidth(content) + 2);
      return lines;
    });
  });
  fixed.forEach((w, x) => {
    if (typeof w === 'number' && x < columns) widths[x] = Math.max(1, w);
  });

  const rule = (left: string, mid: string, right: string) => left + widths.map((w) => '─'.repeat(w)).join(mid) + right;
  const out: string[] = [];
  cells.forEach((row, y) => {
    out.push(y === 0 ? rule('┌', '┬', '┐') : rule('├', '┼', '┤'));
    const height = Math.max(1, ...row.map((lines) => lines.length));
    for (let n = 0; n < height; n++) {
      let line = '│';
      row.forEach((lines, x) => {
        const w = widths[x];
        if (n >= lines.length) {
          line += `${' '.repeat(w)}│`;
          return;
        }
        const content = truncate(lines[n], w - 2);
        const pad = w - 2 - textWidth(content);
        line += ` ${pad > 0 ? content + ' '.repeat(pad) : content} │`;
      });
      out.push(line);
    }
  });
  if (cells.length) out.push(rule('└', '┴', '┘'));
  return out.join('\n');
}

/** cli-table3's word wrap (`wordWrap: true`): each line of the text broken at white space to `width` columns. */
function wordWrapLines(width: number, text: string): string[] {
  const out: string[] = [];
  for (const input of text.split('\n')) {
    const split = input.split(/(\s+)/g);
    let line: string[] = [];
    let lineLength = 0;
    let whitespace: string | undefined;
    for (let i = 0; i < split.length; i += 2) {
      const word = split[i];
      let newLength = lineLength + textWidth(word);
      if (lineLength > 0 && whitespace) newLength += whitespace.length;
      if (newLength > width) {
        if (lineLength !== 0) out.push(line.join(''));
        line = [word];
        lineLength = textWidth(word);
      } else {
        line.push(whitespace || '', word);
        lineLength = newLength;
      }
      whitespace = split[i + 1];
    }
    if (lineLength) out.push(line.join(''));
  }
  return out;
}
