import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readYamlLines } from '../../src/analyzer/yaml-lines.js';

test('reads keys, values, list items and item keys with their columns and lines', () => {
  const text = [
    '# comment',
    'packages:',
    '  http:',
    '    dependency: "direct main"   # trailing comment',
    "    name: 'it''s'",
    '    url: https://example.org/a#b',
    '',
    'PODS:',
    '  - A (1.0):',
    '    - "B (from `../B`)"',
    'empty: {}',
    'list: []',
    'key with spaces : value',
  ].join('\r\n');
  assert.deepEqual(readYamlLines(text), [
    { line: 2, indent: 0, key: 'packages' },
    { line: 3, indent: 2, key: 'http' },
    { line: 4, indent: 4, key: 'dependency', value: 'direct main' },
    { line: 5, indent: 4, key: 'name', value: "it's" },
    { line: 6, indent: 4, key: 'url', value: 'https://example.org/a#b' },
    { line: 8, indent: 0, key: 'PODS' },
    { line: 9, indent: 4, dashIndent: 2, key: 'A (1.0)' },
    { line: 10, indent: 6, dashIndent: 4, value: 'B (from `../B`)' },
    { line: 11, indent: 0, key: 'empty', empty: 'map' },
    { line: 12, indent: 0, key: 'list', empty: 'list' },
    { line: 13, indent: 0, key: 'key with spaces', value: 'value' },
  ]);
});

test('anything outside the subset is left to the full parser', () => {
  for (const text of [
    'a: [1, 2]',
    'a: {b: 1}',
    'a: &anchor x',
    'a: *anchor',
    'a: !tag x',
    'a: |\n  text',
    'a: >-\n  text',
    '---\na: 1',
    'a:\n\tb: 1',
    'a: b\n  continued plain scalar',
    'a: b: c',
    'a: "unterminated',
    'a: "yaml escape \\x41 is not JSON"',
    '-\n  a: 1',
    'just a scalar',
    'a: "x" trailing',
  ]) {
    assert.equal(readYamlLines(text), undefined, text);
  }
});

test('empty text and comments only give no lines', () => {
  assert.deepEqual(readYamlLines(''), []);
  assert.deepEqual(readYamlLines('\ufeff# only a comment\n\n'), []);
});
