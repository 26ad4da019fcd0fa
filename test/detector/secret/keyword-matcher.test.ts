import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeywordMatcher } from '../../../src/detector/secret/keyword-matcher.js';
import { seeded } from './token-factory.js';

/** Every (start, keyword) by brute force, case-insensitively. */
function naive(text: string, keywords: string[]): string[] {
  const lower = text.toLowerCase();
  const out: string[] = [];
  keywords.forEach((k, i) => {
    for (let at = lower.indexOf(k); at >= 0; at = lower.indexOf(k, at + 1)) out.push(`${at}:${i}`);
  });
  return out.sort();
}

test('the automaton reports every occurrence of every keyword, overlapping and nested ones too', () => {
  const rnd = seeded(1);
  const alphabet = 'abAB_-.:c';
  for (let round = 0; round < 200; round++) {
    const keywords = [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 12) }, () => Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => alphabet[Math.floor(rnd() * 6)]).join('').toLowerCase()))];
    const text = Array.from({ length: Math.floor(rnd() * 300) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
    const m = new KeywordMatcher(keywords);
    const got: string[] = [];
    m.scan(Buffer.from(text, 'latin1'), (start, k) => void got.push(`${start}:${k}`));
    assert.deepEqual(got.sort(), naive(text, keywords), `${JSON.stringify(keywords)} in ${text}`);
  }
});

test('matching is case-insensitive for ASCII letters only, and can stop early', () => {
  const m = new KeywordMatcher(['ghp_', 'AKIA']);
  const hits: [number, string][] = [];
  m.scan(Buffer.from('x GHP_1 akia Ghp_ ÀKIA'), (s, k) => void hits.push([s, m.keywords[k]]));
  assert.deepEqual(hits, [[2, 'ghp_'], [8, 'akia'], [13, 'ghp_']]);
  assert.equal(m.any(Buffer.from('nothing here')), false);
  assert.equal(m.any(Buffer.from('...akia...')), true);
});

test('long inputs (walked as two halves) report the same hits in order, including keywords across the middle', () => {
  const rnd = seeded(2);
  const keywords = ['ghp_', 'token', 'ok', 'secret_key', 'et_k'];
  for (const size of [4096, 4097, 10_001, 65_536]) {
    const chars = Array.from({ length: size }, () => 'getokn_hpsc'[Math.floor(rnd() * 11)]);
    // Put a keyword across the middle, and one at each end.
    const mid = size >> 1;
    chars.splice(mid - 4, 10, ...'secret_key');
    chars.splice(0, 5, ...'TOKEN');
    chars.splice(size - 4, 4, ...'ghp_');
    const text = chars.join('').slice(0, size);
    const m = new KeywordMatcher(keywords);
    const got: string[] = [];
    m.scan(Buffer.from(text, 'latin1'), (start, k) => void got.push(`${start}:${k}`));
    assert.deepEqual([...got].sort(), naive(text, keywords), `size ${size}`);
    assert.ok(got.includes(`${mid - 4}:3`) && got.includes('0:1') && got.includes(`${size - 4}:0`));
    const starts = got.map((g) => Number(g.split(':')[0]));
    const half = starts.findIndex((s) => s >= mid);
    assert.ok(starts.slice(half).every((s) => s >= mid) && starts.slice(0, half).every((s) => s < mid), 'first half reported first');
  }
});
