/**
 * docs/operator.md against the deploy assets it describes: every Helm value its table names
 * exists in the chart's values.yaml, every metric of the contract is in its metrics table, and
 * the files and commands it points to exist.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../support/paths.js';
import { chartDir, SPEC_METRICS } from './deploy-files.js';

const doc = readFileSync(join(repoRoot, 'docs', 'operator.md'), 'utf8');

/** The rows of the first Markdown table after `marker` in the document (header and separator left out). */
function tableAfter(marker: string): string[][] {
  const lines = doc.slice(doc.indexOf(marker)).split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.split('|').slice(1, -1).map((c) => c.trim()));
  }
  return rows;
}

test('every value docs/operator.md names exists in values.yaml', () => {
  const values = parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) as Record<string, unknown>;
  const has = (path: string) => path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), values) !== undefined;
  const rows = tableAfter('The main values:');
  assert.ok(rows.length > 10, 'the values table');
  for (const [cell] of rows) {
    const names = [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    let parent = '';
    for (const name of names) {
      // `.size` continues the previous name's parent: `persistence.enabled`, `.size`
      const path = name.startsWith('.') ? `${parent}${name}` : name;
      parent = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
      assert.ok(has(path), `${path} (docs/operator.md) is not in values.yaml`);
    }
  }
});

test('the metrics table lists every metric of the contract', () => {
  const listed = new Set(tableAfter('| metric | type | labels |').map(([name]) => name.replace(/`/g, '')));
  const histogram = 'picket_scan_duration_seconds';
  for (const metric of SPEC_METRICS) {
    const name = metric.startsWith(`${histogram}_`) ? histogram : metric;
    assert.ok(listed.has(name), `${name} is not in docs/operator.md`);
  }
});

test('the files docs/operator.md points to exist', () => {
  for (const m of doc.matchAll(/`(deploy\/[^`\s]+)`/g)) assert.ok(existsSync(join(repoRoot, m[1])), m[1]);
  for (const m of doc.matchAll(/\]\(([a-z-]+\.md)(#[^)]*)?\)/g)) assert.ok(existsSync(join(repoRoot, 'docs', m[1])), m[1]);
});
