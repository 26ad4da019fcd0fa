import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeRanges, fixedVersions, isAffected } from '../../../src/detector/vuln/osv-range.js';
import type { OsvAffected } from '../../../src/db/osv-types.js';
import { npmScheme } from '../../../src/version/npm.js';

const eco = (events: OsvAffected['ranges'] extends (infer R)[] | undefined ? R extends { events: infer E } ? E : never : never, type = 'ECOSYSTEM'): OsvAffected => ({
  ranges: [{ type, events }],
});
const hit = (v: string, a: OsvAffected) => isAffected(v, a, npmScheme);

test('introduced/fixed: affected from introduced up to, not including, fixed', () => {
  const a = eco([{ introduced: '1.2.0' }, { fixed: '1.4.0' }]);
  assert.deepEqual(['1.1.9', '1.2.0', '1.3.5', '1.4.0-rc.1', '1.4.0', '2.0.0'].map((v) => hit(v, a)), [false, true, true, true, false, false]);
});

test('introduced 0 means every version before the fix, pre-releases included', () => {
  const a = eco([{ introduced: '0' }, { fixed: '3.4.0' }]);
  assert.equal(hit('0.0.1-alpha', a), true);
  assert.equal(hit('3.3.9', a), true);
  assert.equal(hit('3.4.0', a), false);
});

test('last_affected includes that version and nothing after', () => {
  const a = eco([{ introduced: '0' }, { last_affected: '2.1.3' }]);
  assert.equal(hit('2.1.3', a), true);
  assert.equal(hit('2.1.4', a), false);
  assert.deepEqual(fixedVersions(a, npmScheme), []);
});

test('several spans in one range, and events given out of order', () => {
  const a = eco([{ fixed: '1.5.0' }, { introduced: '2.0.0' }, { introduced: '1.0.0' }, { fixed: '2.3.1' }]);
  assert.deepEqual(['0.9.0', '1.0.0', '1.6.0', '2.0.0', '2.3.0', '2.3.1'].map((v) => hit(v, a)), [false, true, false, true, true, false]);
  assert.deepEqual(fixedVersions(a, npmScheme), ['1.5.0', '2.3.1']);
});

test('limit caps a range', () => {
  const a = eco([{ introduced: '0' }, { limit: '2.0.0' }]);
  assert.equal(hit('1.9.9', a), true);
  assert.equal(hit('2.0.0', a), false);
});

test('explicit versions list matches exactly, with or without ranges', () => {
  const a: OsvAffected = { versions: ['1.0.1', '1.0.3'] };
  assert.equal(hit('1.0.1', a), true);
  assert.equal(hit('1.0.2', a), false);
});

test('several ranges: any one is enough; GIT ranges never match versions', () => {
  const a: OsvAffected = {
    ranges: [
      { type: 'GIT', repo: 'https://git.example.org/x', events: [{ introduced: '0' }, { fixed: 'abc123' }] },
      { type: 'SEMVER', events: [{ introduced: '4.0.0' }, { fixed: '4.1.0' }] },
      { type: 'ECOSYSTEM', events: [{ introduced: '5.0.0' }] },
    ],
  };
  assert.equal(hit('3.0.0', a), false);
  assert.equal(hit('4.0.5', a), true);
  assert.equal(hit('9.9.9', a), true);
  assert.equal(describeRanges(a), '>=4.0.0, <4.1.0 || >=5.0.0');
});

test('invalid installed versions and invalid event versions are not matched', () => {
  const a = eco([{ introduced: 'not-a-version' }, { fixed: '2.0.0' }]);
  assert.equal(hit('1.0.0', a), false);
  assert.equal(hit('git+https://x', eco([{ introduced: '0' }])), false);
});
