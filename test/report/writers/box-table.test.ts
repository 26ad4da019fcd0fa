/**
 * The table writer's box renderer against cli-table3 itself: the same rows, drawn by both, give
 * the same bytes (ASCII, wide and combining characters, emoji, tabs, colours, long words cut
 * with `…`, multi-line cells, empty cells), for the two shapes the table writer draws.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Table from 'cli-table3';
import pc from 'picocolors';
import { renderBoxTable } from '../../../src/report/writers/box-table.js';
import { textWidth } from '../../../src/report/writers/text-width.js';
import { random } from '../../support/random.js';

const c = pc.createColors(true);


const words = [
  'lodash', 'Prototype', 'Pollution', 'in', 'the', 'merge', 'function', 'GHSA-jf85-cpcp-j695', '4.17.21', '',
  'https://github.com/advisories/GHSA-jf85-cpcp-j695', `https://example.com/${'very-long-path-segment/'.repeat(4)}`,
  '古い', 'ｆｕｌｌ', 'café', 'cafe\u0301', '😀', '👩‍💻', 'naïve', '—', '…', 'tab\there', '\u0007bell',
  c.red('HIGH'), c.bold('bold'), `${c.yellow('open')}-ended\u001b[31m`, '\u001b[1mstill bold', '\u001b[0m', '\u001b[44mbg', '\u001b]8;;https://x\u0007link\u001b]8;;\u0007',
  `${'x'.repeat(56)}\u001b]8;;https://x\u0007link\u001b]8;;\u0007`, `${'y'.repeat(50)}${c.red('red-to-the-end')}`,
];
const separators = [' ', ' ', ' ', '  ', '\n', ' \t '];

function text(next: () => number, maxWords: number): string {
  const n = Math.floor(next() * maxWords);
  let out = '';
  for (let i = 0; i < n; i++) {
    if (i) out += separators[Math.floor(next() * separators.length)];
    out += words[Math.floor(next() * words.length)];
  }
  return out;
}

function cliTable3(head: string[], colWidths: (number | null)[] | undefined, rows: (string | undefined)[][]): string {
  const table = new Table({ head, style: { head: [], border: [] }, ...(colWidths ? { wordWrap: true, colWidths } : {}) } as ConstructorParameters<typeof Table>[0]);
  for (const row of rows) table.push(row as string[]);
  return table.toString();
}

test('the vulnerability table (title column 60 wide, wrapped) is drawn as cli-table3 draws it', () => {
  const head = ['Library', 'Vulnerability', 'Severity', 'Status', 'Installed Version', 'Fixed Version', 'Title'];
  const colWidths = [null, null, null, null, null, null, 60];
  for (let seed = 1; seed <= 250; seed++) {
    const next = random(seed);
    const rows = Array.from({ length: 1 + Math.floor(next() * 6) }, () =>
      head.map((_, x) => (next() < 0.05 ? undefined : text(next, x === 6 ? 30 : 3))));
    assert.equal(renderBoxTable({ head, colWidths }, rows), cliTable3(head, colWidths, rows), `seed ${seed}: ${JSON.stringify(rows)}`);
  }
});

test('the summary table (no fixed widths) is drawn as cli-table3 draws it', () => {
  const head = ['Target', 'Type', 'Vulnerabilities', 'Secrets'];
  for (let seed = 1000; seed <= 1200; seed++) {
    const next = random(seed);
    const rows = Array.from({ length: Math.floor(next() * 5) }, () => head.map(() => text(next, 5)));
    assert.equal(renderBoxTable({ head }, rows), cliTable3(head, undefined, rows), `seed ${seed}: ${JSON.stringify(rows)}`);
  }
});

test('a narrow fixed column cuts words that do not fit with …', () => {
  const rows = [['a', 'abcdefghijklmnop qrs'], ['b', '古古古古古古 x']];
  const out = renderBoxTable({ head: ['K', 'V'], colWidths: [null, 8] }, rows);
  assert.equal(out, cliTable3(['K', 'V'], [null, 8], rows));
  assert.ok(out.includes('│ abcde… │'), out);
});

test('text width: ASCII by length, wide characters count 2, colour codes 0, the widest line counts', () => {
  assert.equal(textWidth('hello'), 5);
  assert.equal(textWidth('ab\nabcd\nc'), 4);
  assert.equal(textWidth('古い'), 4);
  assert.equal(textWidth(c.red('HIGH')), 4);
  assert.equal(textWidth('cafe\u0301'), 4);
  assert.equal(textWidth(''), 0);
});
