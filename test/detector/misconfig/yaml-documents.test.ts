import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYamlDocuments, YamlSyntaxError } from '../../../src/detector/misconfig/yaml/documents.js';

test('multi-document streams: values and the lines of each document', () => {
  const file = parseYamlDocuments('# leading comment\na: 1\n---\n---\nb: [x, "y"]\nc: |\n  line one\n  line two\n');
  assert.deepEqual(file.documents.map((d) => [d.value, d.startLine, d.endLine]), [
    [{ a: 1 }, 2, 2],
    [null, 0, 0],
    [{ b: ['x', 'y'], c: 'line one\nline two\n' }, 5, 8],
  ]);
});

test('a mapping or list under a key spans from the key line to its last line', () => {
  const file = parseYamlDocuments('spec:\n  containers:\n    - name: a\n      image: x\n\n    - name: b\n  volumes: []\n');
  const spec = (file.documents[0].value as { spec: { containers: object[]; volumes: object } }).spec;
  assert.deepEqual(file.linesOf(spec), { startLine: 1, endLine: 7 });
  assert.deepEqual(file.linesOf(spec.containers), { startLine: 2, endLine: 6 });
  assert.deepEqual(file.linesOf(spec.containers[0]), { startLine: 3, endLine: 4 });
  assert.deepEqual(file.linesOf(spec.containers[1]), { startLine: 6, endLine: 6 });
  assert.deepEqual(file.linesOfKey(spec, 'volumes'), { startLine: 7, endLine: 7 });
});

test('YAML 1.2 core scalars; quoted and tagged scalars stay strings', () => {
  const file = parseYamlDocuments('a: true\nb: 010\nc: 0x1F\nd: 1.5e3\ne: ~\nf: "true"\ng: !!str 42\nh: yes\ni: .inf\nj: 0o17\nk: -3\n');
  assert.deepEqual(file.documents[0].value, { a: true, b: 10, c: 31, d: 1500, e: null, f: 'true', g: '42', h: 'yes', i: Infinity, j: 15, k: -3 });
});

test('anchors, aliases and merge keys (explicit keys win)', () => {
  const file = parseYamlDocuments('base: &base\n  image: nginx:1.25\n  securityContext: &sc\n    privileged: true\nweb:\n  <<: *base\n  image: nginx:1.26\nother:\n  sc: *sc\n');
  const doc = file.documents[0].value as Record<string, Record<string, unknown>>;
  assert.deepEqual(doc.web, { image: 'nginx:1.26', securityContext: { privileged: true } });
  assert.equal(doc.other.sc, doc.base.securityContext);
  assert.deepEqual(file.linesOf(doc.base.securityContext as object), { startLine: 3, endLine: 4 });
});

test('JSON is YAML: a JSON manifest parses with lines', () => {
  const file = parseYamlDocuments('{\n  "kind": "Pod",\n  "spec": {\n    "containers": [\n      {"name": "a"}\n    ]\n  }\n}\n');
  const doc = file.documents[0].value as { spec: { containers: object[] } };
  assert.equal((doc as unknown as { kind: string }).kind, 'Pod');
  assert.deepEqual(file.linesOf(doc.spec.containers[0]), { startLine: 5, endLine: 5 });
});

test('invalid YAML: an error with the line', () => {
  assert.throws(() => parseYamlDocuments('a: 1\nb: [1, 2\nc: 3\n'), (error: unknown) => error instanceof YamlSyntaxError && typeof error.line === 'number' && error.line >= 2);
});

test('a repeated key keeps its last value', () => {
  assert.deepEqual(parseYamlDocuments('a: 1\na: 2\n').documents[0].value, { a: 2 });
});
