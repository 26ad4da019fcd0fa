import assert from 'node:assert/strict';
import type { OsvRecord } from '../../src/db/osv-types.js';
import type { FeedConverter, FeedItem } from '../../src/db/sources/types.js';

/** What a feed converter made of one document. */
export interface Converted {
  items: FeedItem[];
  /** The records of the advisory items. */
  records: OsvRecord[];
  warnings: string[];
}

/** Runs a converter on one document (`origin` is what its messages name) and collects what it yields and warns. */
export function convertFeed(converter: FeedConverter, path: string, text: string, origin = path): Converted {
  const warnings: string[] = [];
  const items = [...converter.convert({ path, origin, text }, { warn: (m) => warnings.push(m) })];
  return { items, records: items.flatMap((i) => (i.kind === 'advisory' ? [i.record] : [])), warnings };
}

/** What every item must be: an advisory citing `dataSource`; with `part`, one that is (or is not) a part of an advisory. */
export interface ExpectedAdvisory {
  dataSource: string;
  part?: boolean;
}

export type AdvisoryItem = Extract<FeedItem, { kind: 'advisory' }>;

export function assertAdvisories(items: FeedItem[], expected: ExpectedAdvisory): asserts items is AdvisoryItem[] {
  for (const item of items) {
    assert.ok(item.kind === 'advisory');
    assert.equal(item.dataSource, expected.dataSource);
    if (expected.part !== undefined) assert.equal(item.part === true, expected.part);
  }
}

/** The record of a document that converts, without warnings, to exactly one advisory as `expected`. */
export function singleAdvisory({ items, warnings }: Pick<Converted, 'items' | 'warnings'>, expected: ExpectedAdvisory): OsvRecord {
  assert.deepEqual(warnings, []);
  assert.equal(items.length, 1);
  assertAdvisories(items, expected);
  return items[0].record;
}

/** The record with this id; fails the test when there is none. */
export function recordById(records: OsvRecord[], id: string): OsvRecord {
  const found = records.find((r) => r.id === id);
  assert.ok(found, `${id} converted`);
  return found;
}
