import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLocatedJson, spanLocation, type JsonSpan } from '../../src/analyzer/json-spans.js';
import { ParseError } from '../../src/analyzer/parse-error.js';

const slice = (text: string, span: JsonSpan | undefined) => (span ? text.slice(span.start, span.end + 1) : undefined);

test('spans of objects by key and of array elements by index (scalars leave holes)', () => {
  const text = '{"a": {"b": [1, {"c": "]"}, "x,y", [2]]}, "k\\"ey": {}}';
  const { value, span } = parseLocatedJson('f.json', text);
  assert.deepEqual(value, JSON.parse(text));
  const b = span!.fields!.get('a')!.fields!.get('b')!;
  assert.equal(slice(text, b), '[1, {"c": "]"}, "x,y", [2]]');
  assert.equal(b.items![0], undefined);
  assert.equal(slice(text, b.items![1]), '{"c": "]"}');
  assert.equal(b.items![2], undefined);
  assert.equal(slice(text, b.items![3]), '[2]');
  assert.equal(slice(text, span!.fields!.get('k"ey')), '{}');
});

test('a top-level array, a BOM, and line ranges', () => {
  const text = '\uFEFF[\n  {\n    "n": 1\n  },\n  {"n": 2}\n]\n';
  const { span, lines } = parseLocatedJson('f.json', text);
  assert.deepEqual(span!.items!.map((s) => spanLocation(s, lines)), [{ startLine: 2, endLine: 4 }, { startLine: 5, endLine: 5 }]);
  assert.equal(parseLocatedJson('f.json', '42').span, undefined);
});

test('malformed JSON is a ParseError naming the file and the line of the error', () => {
  assert.throws(() => parseLocatedJson('dir/f.json', '{\n  "a": 1,\n  "b" 2\n}'), (err: unknown) => {
    assert.ok(err instanceof ParseError);
    assert.deepEqual([err.file, err.line], ['dir/f.json', 3]);
    return true;
  });
});
