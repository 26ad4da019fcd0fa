import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endOfSupport, isEndOfLife } from '../../src/detector/os/end-of-life.js';

const at = (date: string) => new Date(`${date}T12:00:00Z`);

test('releases are looked up by major.minor, then major', () => {
  assert.equal(endOfSupport('alpine', '3.9.4')?.toISOString().slice(0, 10), '2020-11-01');
  assert.equal(endOfSupport('debian', '12.4')?.toISOString().slice(0, 10), '2028-06-30');
  assert.equal(endOfSupport('centos', '7.6.1810')?.toISOString().slice(0, 10), '2024-06-30');
  assert.equal(endOfSupport('ubuntu', '22.04')?.toISOString().slice(0, 10), '2027-06-01');
  assert.equal(endOfSupport('amazon', '2 (Karoo)')?.toISOString().slice(0, 10), '2026-06-30');
  assert.equal(endOfSupport('opensuse-leap', '15.1')?.toISOString().slice(0, 10), '2021-01-31');
});

test('unknown families and releases are never called end-of-life', () => {
  assert.equal(endOfSupport('wolfi', '20230201'), undefined);
  assert.equal(endOfSupport('debian', 'trixie/sid'), undefined);
  assert.equal(isEndOfLife('arch', '1', at('2099-01-01')), false);
});

test('end of life is judged against the date given (the last supported day still counts)', () => {
  assert.equal(isEndOfLife('debian', '11.8', at('2026-08-31')), false);
  assert.equal(isEndOfLife('debian', '11.8', at('2026-09-01')), true);
  // trivy's goldens mark these EOSL: true
  assert.equal(isEndOfLife('alpine', '3.10.2', at('2026-11-29')), true);
  assert.equal(isEndOfLife('centos', '6.10', at('2026-11-29')), true);
  assert.equal(isEndOfLife('debian', '12.8', at('2026-11-29')), false);
});
