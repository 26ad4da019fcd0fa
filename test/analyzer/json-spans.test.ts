import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonObject, parseLocatedJson, requireNumberIfPresent, spanLocation, type JsonSpan } from '../../src/analyzer/json-spans.js';
import { ParseError } from '../../src/analyzer/parse-error.js';

const slice = (text: string, span: JsonSpan | undefined) => (span ? text.slice(span.start, span.end + 1) : undefined);

/** With `scalarItems`: the texts of the elements of the array at a path of object keys (`[]` is the top-level value). */
const texts = (text: string, path: string[]) => {
  let span = parseLocatedJson('f.json', text, { scalarItems: true }).span;
  for (const key of path) span = span?.fields?.get(key);
  return (span?.items ?? []).map((s) => slice(text, s));
};

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

test('with scalarItems, elements of the array at a path: objects, strings, numbers, nested containers', () => {
  const text = '{"a": {"pins": [ {"x": [1, {"y": "]"}]} , "s\\"tr",12 , [3] ]}, "pins": ["other"]}';
  assert.deepEqual(texts(text, ['a', 'pins']), ['{"x": [1, {"y": "]"}]}', '"s\\"tr"', '12', '[3]']);
  assert.deepEqual(texts(text, ['pins']), ['"other"']);
  assert.deepEqual(texts(text, ['missing']), []);
  assert.deepEqual(texts('[1, 2]', []), ['1', '2']);
  assert.deepEqual(texts('{"pins": []}', ['pins']), []);
  // an object at the path is not an array
  assert.deepEqual(texts('{"pins": {"a": 1}}', ['pins']), []);
});

test('with scalarItems, keys with escapes and arrays nested in other arrays are not confused with the path', () => {
  assert.deepEqual(texts('{"p\\u0069ns": [true, null]}', ['pins']), ['true', 'null']);
  assert.deepEqual(texts('{"list": [{"pins": [1]}], "pins": [2]}', ['pins']), ['2']);
});

test('JSONC: comments and trailing commas are read, spans keep their offsets; strict JSON rejects them', () => {
  const text = '{\n  // a comment, with "quotes" and a }\n  "a": {"b": [1, 2,], /* c */ "c": {},},\n}\n';
  const { value, span, lines } = parseJsonObject('bun.lock', text, { jsonc: true });
  assert.deepEqual(value, { a: { b: [1, 2], c: {} } });
  assert.equal(slice(text, span.fields!.get('a')!.fields!.get('c')), '{}');
  assert.deepEqual(spanLocation(span.fields!.get('a')!, lines), { startLine: 3, endLine: 3 });
  assert.throws(() => parseJsonObject('f.json', text), (err: unknown) => err instanceof ParseError && err.line === 2);
});

test('parseJsonObject wants an object; requireNumberIfPresent checks a field', () => {
  assert.throws(() => parseJsonObject('f.json', '[1]'), /expected a JSON object, found an array/);
  assert.throws(() => parseJsonObject('f.json', '"x"'), /expected a JSON object, found string/);
  const document = parseJsonObject('f.json', '{"lockfileVersion": "3", "n": 1}');
  assert.throws(() => requireNumberIfPresent('f.json', document, 'lockfileVersion'), /"lockfileVersion" must be a number, found "3"/);
  requireNumberIfPresent('f.json', document, 'n');
  requireNumberIfPresent('f.json', document, 'missing');
});
