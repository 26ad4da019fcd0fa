/** Data writers derive once per scan and share (derived.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DerivedData, derived } from '../../../src/report/writers/derived.js';
import { sharedSbomGraph } from '../../../src/report/writers/sbom-graph.js';
import { sharedSpdxDocument } from '../../../src/report/writers/spdx-document.js';
import { GOLDEN_NOW, goldenReport } from './support.js';

test('a value is made once per report and key, and never for another report', () => {
  const report = goldenReport('alpine-310.json.golden');
  const shared = new DerivedData(report);
  let made = 0;
  const make = () => ({ n: ++made });
  const first = derived(report, shared, 'k', make);
  assert.equal(derived(report, shared, 'k', make), first);
  assert.equal(made, 1);
  assert.notEqual(derived(report, shared, 'other', make), first);
  const another = goldenReport('alpine-310.json.golden');
  assert.notEqual(derived(another, shared, 'k', make), first, 'another report gets its own value');
  assert.notEqual(derived(report, undefined, 'k', make), first, 'nothing is shared without a DerivedData');
});

test('the SBOM graph and the SPDX document are shared by the writers of one scan', () => {
  const report = goldenReport('alpine-310.json.golden');
  const shared = new DerivedData(report);
  const options = { color: false, now: GOLDEN_NOW, shared };
  assert.equal(sharedSbomGraph(report, options), sharedSbomGraph(report, { ...options, color: true }));
  assert.equal(sharedSpdxDocument(report, options), sharedSpdxDocument(report, options));
  assert.deepEqual(sharedSpdxDocument(report, options), sharedSpdxDocument(report, { color: false, now: GOLDEN_NOW }));
});
