import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { VersionScheme } from '../../src/version/types.js';
import { sharedPath } from '../support/paths.js';

/** One line of a shared ordering fixture: `a < b`, `a > b` or `a = b`. */
export interface OrderingCase {
  line: number;
  a: string;
  b: string;
  expected: -1 | 0 | 1;
}

const CASE = /^(\S+) ([<>=]) (\S+)$/;

/**
 * Reads `fixtures/versions/<name>` from ../shared. Blank lines and `//` or `#` comments are
 * skipped; every other line must be a case, so a line that does not parse fails the test
 * instead of silently dropping a case.
 */
export function readCases(name: string): OrderingCase[] {
  const text = readFileSync(sharedPath(`fixtures/versions/${name}`), 'utf8');
  const cases: OrderingCase[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('//') || line.startsWith('#')) return;
    const m = CASE.exec(line);
    assert.ok(m, `${name}:${i + 1} is neither a case nor a comment: ${JSON.stringify(raw)}`);
    const [, a, op, b] = m;
    cases.push({ line: i + 1, a, b, expected: op === '<' ? -1 : op === '>' ? 1 : 0 });
  });
  return cases;
}

/** Case lines in the file, counted independently of `readCases`' parsing. */
function countCaseLines(name: string): number {
  const text = readFileSync(sharedPath(`fixtures/versions/${name}`), 'utf8');
  return text.split('\n').filter((l) => /\S/.test(l) && !/^\s*(\/\/|#)/.test(l)).length;
}

/**
 * Checks every case of a fixture against a scheme, in both directions (`compare(b, a)` must be
 * the opposite), and that both versions are valid. Failures are collected so one run lists all
 * of them. Returns the number of cases checked.
 */
export function checkFixture(scheme: VersionScheme, name: string): number {
  const cases = readCases(name);
  const failures: string[] = [];
  let checked = 0;
  for (const c of cases) {
    const label = `${name}:${c.line}  ${c.a} ${'<=>'[c.expected + 1]} ${c.b}`;
    checked++;
    if (!scheme.isValid(c.a) || !scheme.isValid(c.b)) {
      failures.push(`${label}: reported invalid`);
      continue;
    }
    const forward = Math.sign(scheme.compare(c.a, c.b));
    const backward = Math.sign(scheme.compare(c.b, c.a));
    if (forward !== c.expected || backward !== -c.expected) {
      failures.push(`${label}: compare gave ${forward} (reverse ${backward})`);
    }
  }
  assert.deepEqual(failures, [], `${failures.length} of ${cases.length} cases failed`);
  assert.equal(checked, countCaseLines(name), 'cases checked vs case lines in the file');
  assert.ok(checked > 0);
  return checked;
}

/** Sorts with the scheme and returns the result, for short ordering assertions. */
export function sorted(scheme: VersionScheme, versions: string[]): string[] {
  return [...versions].sort(scheme.compare);
}
