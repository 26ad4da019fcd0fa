import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ParseError } from '../../../src/analyzer/parse-error.js';
import { parseHcl } from '../../../src/detector/misconfig/terraform/parse.js';
import { parseTerraformJson } from '../../../src/detector/misconfig/terraform/json.js';
import { evaluate } from '../../../src/detector/misconfig/terraform/evaluate.js';
import { UNKNOWN } from '../../../src/detector/misconfig/terraform/values.js';
import type { Scope } from '../../../src/detector/misconfig/terraform/evaluate.js';

const noScope: Scope = { readFile: () => undefined, resolve: () => undefined };
const value = (text: string) => {
  const file = parseHcl('t.tf', `x = ${text}\n`);
  return evaluate(file.body.attributes[0].expr, noScope);
};

test('HCL: blocks, labels and attributes with their lines; comments of every kind', () => {
  const text = [
    '# comment',
    'resource "aws_s3_bucket" "b" { // trailing',
    '  bucket = "data" /* inline */',
    '  versioning {',
    '    enabled = true',
    '  }',
    '}',
    'locals { one = 1 }',
    '/* a',
    '   block comment */',
    'terraform {}',
  ].join('\n');
  const file = parseHcl('main.tf', text);
  const [resource, locals, terraform] = file.body.blocks;
  assert.deepEqual([resource.type, resource.labels, resource.startLine, resource.endLine], ['resource', ['aws_s3_bucket', 'b'], 2, 7]);
  assert.deepEqual([resource.body.attributes[0].name, resource.body.attributes[0].startLine], ['bucket', 3]);
  assert.deepEqual([resource.body.blocks[0].type, resource.body.blocks[0].startLine, resource.body.blocks[0].endLine], ['versioning', 4, 6]);
  assert.deepEqual([locals.body.attributes[0].name, locals.startLine], ['one', 8]);
  assert.equal(terraform.startLine, 11);
});

test('HCL expressions: operators, conditionals, templates, escapes, collections, for, splat', () => {
  assert.equal(value('1 + 2 * 3'), 7);
  assert.equal(value('(1 + 2) * 3'), 9);
  assert.equal(value('!true || 2 >= 2 && "a" == "a"'), true);
  assert.equal(value('-5 % 3'), -2);
  assert.equal(value('true ? "yes" : "no"'), 'yes');
  assert.equal(value('"a-${1 + 1}-${"b"}"'), 'a-2-b');
  assert.equal(value('"tab\\there \\"q\\" $${literal}"'), 'tab\there "q" ${literal}');
  assert.deepEqual(value('[1, "two", [3], { a = 1, "b" : 2 }]'), [1, 'two', [3], { a: 1, b: 2 }]);
  assert.deepEqual(value('{\n  a = 1\n  b = [\n    2,\n    3,\n  ]\n}'), { a: 1, b: [2, 3] });
  assert.deepEqual(value('[for s in ["a", "b"] : upper(s)]'), ['A', 'B']);
  assert.deepEqual(value('{ for k, v in { a = 1, b = 2 } : v => k if v > 1 }'), { 2: 'b' });
  assert.deepEqual(value('{ for s in ["a", "b", "a"] : s => s... }'), { a: ['a', 'a'], b: ['b'] });
  assert.deepEqual(value('[{ n = 1 }, { n = 2 }][*].n'), [1, 2]);
  assert.deepEqual(value('[{ n = 1 }, { n = 2 }].*.n'), [1, 2]);
  assert.equal(value('[10, 20][1]'), 20);
  assert.equal(value('{ a = { b = "c" } }.a.b'), 'c');
  assert.equal(value('missing.attr'), UNKNOWN);
  assert.equal(value('"${missing.attr}-x"'), UNKNOWN);
  assert.equal(value('"%{ if true }x%{ endif }"'), UNKNOWN, 'template directives are not evaluated');
});

test('HCL heredocs: plain and indented, with interpolation', () => {
  const file = parseHcl('t.tf', 'a = <<EOF\n  keep ${1 + 1}\nEOF\nb = <<-EOT\n    one\n      two\n    EOT\n');
  assert.equal(evaluate(file.body.attributes[0].expr, noScope), '  keep 2\n');
  assert.equal(evaluate(file.body.attributes[1].expr, noScope), 'one\n  two\n');
  assert.equal(file.body.attributes[1].startLine, 4);
});

test('HCL functions the evaluator knows', () => {
  assert.equal(value('format("%s-%03d", "a", 7)'), 'a-007');
  assert.deepEqual(value('merge({ a = 1 }, { b = 2 }, { a = 3 })'), { a: 3, b: 2 });
  assert.deepEqual(value('concat([1], [2, 3])'), [1, 2, 3]);
  assert.equal(value('lookup({ a = "x" }, "b", "fallback")'), 'fallback');
  assert.equal(value('jsonencode({ Statement = [{ Effect = "Allow" }] })'), '{"Statement":[{"Effect":"Allow"}]}');
  assert.deepEqual(value('jsondecode("{\\"a\\": [1]}")'), { a: [1] });
  assert.equal(value('length(keys({ a = 1, b = 2 }))'), 2);
  assert.deepEqual(value('toset(["b", "a", "b"])'), ['b', 'a']);
  assert.equal(value('coalesce("", "x")'), 'x');
  assert.equal(value('try(missing.attr, "default")'), 'default');
  assert.equal(value('join(",", split(" ", "a b c"))'), 'a,b,c');
  assert.equal(value('replace("a-b-c", "-", "_")'), 'a_b_c');
  assert.equal(value('max(1, 5, 3)'), 5);
  assert.equal(value('min([4, 2]...)'), 2);
  assert.equal(value('timestamp()'), UNKNOWN, 'functions of the world are unknown');
  assert.equal(value('provider::aws::arn_parse("x")'), UNKNOWN);
});

test('HCL syntax errors are ParseErrors with the file and line', () => {
  assert.throws(
    () => parseHcl('bad.tf', 'resource "a" "b" {\n  x = \n}\n'),
    (error: unknown) => error instanceof ParseError && error.file === 'bad.tf' && error.line === 2,
  );
  assert.throws(() => parseHcl('bad.tf', 'a = "unterminated\n'), ParseError);
  assert.throws(() => parseHcl('bad.tf', 'resource "a" "b" {\n'), (error: unknown) => error instanceof ParseError && /expected '}'/.test(error.reason));
});

test('Terraform JSON syntax: blocks from nested keys, templates in strings, lines', () => {
  const text = '{\n  "resource": {\n    "aws_s3_bucket": {\n      "b": {\n        "bucket": "${var.name}-data",\n        "versioning": { "enabled": true }\n      }\n    }\n  },\n  "variable": { "name": { "default": "x" } }\n}\n';
  const file = parseTerraformJson('main.tf.json', text);
  const resource = file.body.blocks.find((b) => b.type === 'resource');
  assert.ok(resource);
  assert.deepEqual(resource.labels, ['aws_s3_bucket', 'b']);
  assert.equal(resource.startLine, 4);
  assert.equal(resource.body.attributes[0].expr.type, 'template');
  assert.throws(() => parseTerraformJson('bad.tf.json', '{"resource": '), ParseError);
});
