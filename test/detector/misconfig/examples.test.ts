import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinChecks, scanConfigFile } from '../../../src/detector/misconfig/index.js';
import type { Check } from '../../../src/detector/misconfig/index.js';
import { ownExamples, upstreamExamples } from './check-examples.js';

const checks = builtinChecks();
const byId = new Map<string, Check>([...checks.dockerfile, ...checks.kubernetes].map((check) => [check.id, check]));

/** The failures of one check on one example (deprecated checks run too: they are tested, not run by default). */
function failuresOf(check: Check, type: 'dockerfile' | 'kubernetes', text: string): string[] {
  const path = type === 'dockerfile' ? 'Dockerfile' : 'example.yaml';
  const result = scanConfigFile(path, text, { type, disableBuiltinChecks: true, customChecks: [{ ...check, deprecated: false }] });
  assert.ok(result, `${path} was not recognised as ${type}`);
  return result.failures.map((finding) => finding.Message);
}

for (const [origin, examples] of [['trivy-checks', upstreamExamples()], ['picket', ownExamples()]] as const) {
  test(`${origin} examples exist for implemented checks`, () => {
    assert.ok(examples.length > 0);
  });
  for (const example of examples) {
    const check = byId.get(example.id);
    if (!check) continue; // a check picket does not implement (yet): other formats
    example.bad.forEach((text, i) => {
      test(`${example.id} bad example ${i + 1} (${example.source}) fails`, () => {
        assert.notDeepEqual(failuresOf(check, example.type, text), [], `expected ${example.id} to fail on:\n${text}`);
      });
    });
    example.good.forEach((text, i) => {
      test(`${example.id} good example ${i + 1} (${example.source}) passes`, () => {
        assert.deepEqual(failuresOf(check, example.type, text), [], `expected ${example.id} to pass on:\n${text}`);
      });
    });
  }
}

// KSV-01011 only fails on GKE clusters, which a manifest does not reveal: it never fails in a config scan.
const NEVER_FAILS_ON_FILES = new Set(['KSV-01011']);

test('every implemented check has a good and a bad example', () => {
  const all = [...upstreamExamples(), ...ownExamples()];
  const missing = [...byId.keys()].filter((id) => {
    if (NEVER_FAILS_ON_FILES.has(id)) return !all.some((example) => example.id === id && example.good.length > 0);
    const mine = all.filter((example) => example.id === id);
    return !mine.some((example) => example.good.length > 0) || !mine.some((example) => example.bad.length > 0);
  });
  assert.deepEqual(missing, []);
});
