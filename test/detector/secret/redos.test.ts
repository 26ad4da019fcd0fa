import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
import { builtinAllowRules, builtinRules, createSecretScanner, parseSecretConfig, type SecretScanner } from '../../../src/detector/secret/index.js';
import { repoRoot } from '../../support/paths.js';
import { TokenFactory } from './token-factory.js';

/**
 * Every rule must run in time linear in its input. Each rule alone scans adversarial inputs of
 * 100 KB built from its own keywords and samples (runs of token characters with no end, repeated
 * prefixes and assignments, unterminated quotes and blocks, a sample repeated on one line); its
 * CPU time must stay within a bound relative to a plain linear regex over the same input in the
 * same test. A deliberately quadratic custom rule is shown to break that bound.
 */
const SIZE = 100 * 1024;
const BOUND = 400;

const samples = new Map<string, { path?: string; positive: string[] }>();
for (const file of readdirSync(`${repoRoot}/test/fixtures/secrets/samples`)) {
  const doc = parse(readFileSync(`${repoRoot}/test/fixtures/secrets/samples/${file}`, 'utf8')) as Record<string, { path?: string; positive: string[] }>;
  for (const [id, s] of Object.entries(doc)) samples.set(id, s);
}
const tokens = new TokenFactory(17);

function fill(unit: string, size = SIZE): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

function adversarial(keywords: readonly string[], sample: string): string[] {
  const inputs = [fill(sample.replace(/\n/g, ' ')), fill(sample.slice(0, -1) + '!')];
  for (const kw of keywords.slice(0, 1)) {
    for (const k of new Set([kw, kw.toUpperCase()])) {
      inputs.push(
        k + fill('a'),
        k + fill('A0'),
        fill(k),
        fill(`${k}=`),
        fill(`${k} = "a`),
        fill(`${k}a:a@`),
        fill(`a=${k}&`),
        k + fill('\\n'),
        k + fill('a b'),
      );
    }
  }
  return inputs;
}

function cpuMs(run: () => void, times: number, rounds: number): number {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = process.cpuUsage();
    for (let i = 0; i < times; i++) run();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000 / times);
  }
  return best;
}

/** One pass of a plain linear regex over 100 KB of mixed text: the yardstick, measured in this run. */
function baselineMs(): number {
  const text = fill('key = "value-1"; a=b&c:d@e 0xff ');
  return cpuMs(() => {
    const re = /[A-Za-z0-9]+/g;
    while (re.exec(text));
  }, 20, 5);
}

/** CPU time of a scan of `input`, in baselines (re-measured when it looks high, to rule out noise). */
function ratio(scanner: SecretScanner, path: string, input: string, baseline: number): number {
  const buf = Buffer.from(input, 'latin1');
  let r = cpuMs(() => scanner.scan(path, buf), 1, 1) / baseline;
  if (r > BOUND / 4) r = cpuMs(() => scanner.scan(path, buf), 1, 3) / baseline;
  return r;
}

const allAllowRules = builtinAllowRules.map((r) => r.id);

test(`every built-in rule stays within ${BOUND}x a linear regex on adversarial 100 KB inputs`, () => {
  const worst: [number, string][] = [];
  const baseline = baselineMs();
  for (const rule of builtinRules) {
    const scanner = createSecretScanner({ enableBuiltinRules: [rule.id], disableAllowRules: allAllowRules });
    const s = samples.get(rule.id)!;
    const path = s.path ?? 'deploy/run.env';
    for (const input of adversarial(rule.keywords, tokens.expand(s.positive[0]))) {
      const r = ratio(scanner, path, input, baseline);
      worst.push([r, `${rule.id}: ${JSON.stringify(input.slice(0, 40))}`]);
      assert.ok(r < BOUND, `${rule.id} took ${r.toFixed(0)}x the baseline on ${JSON.stringify(input.slice(0, 60))}…`);
    }
  }
  worst.sort((a, b) => b[0] - a[0]);
  console.log('slowest rule/input ratios:', worst.slice(0, 5).map(([r, what]) => `${r.toFixed(1)}x ${what}`).join('; '));
});

test('the bound catches a quadratic pattern (a custom rule that rescans the rest of the text at every start)', () => {
  const config = parseSecretConfig('rules:\n  - id: quadratic\n    category: test\n    title: quadratic\n    regex: "a*b"\n', 'quadratic.yaml');
  const scanner = createSecretScanner({ ...config, enableBuiltinRules: [] });
  assert.ok(ratio(scanner, 'x.txt', fill('a', 40 * 1024), baselineMs()) > BOUND);
});
