import { createRequire } from 'node:module';

type StringWidth = (text: string) => number;
let stringWidth: StringWidth | undefined;

/** string-width 4 (the measure cli-table3 uses), loaded the first time a string is not plain ASCII. */
function slowWidth(text: string): number {
  stringWidth ??= createRequire(import.meta.url)('string-width') as StringWidth;
  return stringWidth(text);
}

/** Printable ASCII and line breaks only: every character is one column wide. */
const plainAscii = /^[\x20-\x7e\n]*$/;
/** The SGR colour codes cli-table3 strips before measuring (`ESC[31m`, `ESC[1;31m`, ...). */
const sgrCodes = /\u001b\[(?:\d*;){0,5}\d*m/g;

/**
 * The width in terminal columns of the widest line of `text`, exactly as cli-table3 measures it
 * (SGR codes stripped, then string-width per line). Plain ASCII, the common case, is measured by
 * length; string-width, which rebuilds its ANSI pattern on every call, only runs for other text.
 */
export function textWidth(text: string): number {
  if (plainAscii.test(text)) {
    if (!text.includes('\n')) return text.length;
    let widest = 0;
    for (const line of text.split('\n')) if (line.length > widest) widest = line.length;
    return widest;
  }
  let widest = 0;
  for (const line of text.replace(sgrCodes, '').split('\n')) {
    const w = slowWidth(line);
    if (w > widest) widest = w;
  }
  return widest;
}
