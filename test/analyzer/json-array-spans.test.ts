import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arrayElementSpans } from '../../src/analyzer/json-array-spans.js';

const texts = (text: string, path: string[]) => arrayElementSpans(text, path).map((s) => text.slice(s.start, s.end + 1));

test('elements of the array at a path: objects, strings, numbers, nested containers', () => {
  const text = '{"a": {"pins": [ {"x": [1, {"y": "]"}]} , "s\\"tr",12 , [3] ]}, "pins": ["other"]}';
  assert.deepEqual(texts(text, ['a', 'pins']), ['{"x": [1, {"y": "]"}]}', '"s\\"tr"', '12', '[3]']);
  assert.deepEqual(texts(text, ['pins']), ['"other"']);
  assert.deepEqual(texts(text, ['missing']), []);
  assert.deepEqual(texts('[1, 2]', []), ['1', '2']);
  assert.deepEqual(texts('{"pins": []}', ['pins']), []);
  // an object at the path is not an array
  assert.deepEqual(texts('{"pins": {"a": 1}}', ['pins']), []);
});

test('keys with escapes and arrays nested in other arrays are not confused with the path', () => {
  assert.deepEqual(texts('{"p\\u0069ns": [true, null]}', ['pins']), ['true', 'null']);
  assert.deepEqual(texts('{"list": [{"pins": [1]}], "pins": [2]}', ['pins']), ['2']);
});
