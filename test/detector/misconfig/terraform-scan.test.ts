import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanConfigFile, scanConfigTree } from '../../../src/detector/misconfig/index.js';
import type { ConfigTreeOptions } from '../../../src/detector/misconfig/index.js';

const NOW = new Date('2025-06-01T00:00:00Z');

/** `file → [ids]` of the failures of a tree scan. */
async function failures(files: Record<string, string>, options: ConfigTreeOptions = {}): Promise<Record<string, string[]>> {
  const scan = await scanConfigTree(new Map(Object.entries(files)), { now: NOW, ...options });
  assert.deepEqual(scan.errors, []);
  return Object.fromEntries(scan.results.filter((r) => r.failures.length > 0).map((r) => [r.filePath, [...new Set(r.failures.map((f) => f.ID))]]));
}

const KEY = (rotation: string) => `resource "aws_kms_key" "k" {\n  enable_key_rotation = ${rotation}\n}\n`;

test('variables: default < terraform.tfvars < *.auto.tfvars (sorted) < --tf-vars files, in that order', async () => {
  const main = 'variable "rotate" {\n  default = false\n}\n' + KEY('var.rotate');
  assert.deepEqual(await failures({ 'main.tf': main }), { 'main.tf': ['AWS-0065'] });
  assert.deepEqual(await failures({ 'main.tf': main, 'terraform.tfvars': 'rotate = true\n' }), {});
  assert.deepEqual(await failures({ 'main.tf': main, 'terraform.tfvars': 'rotate = true\n', 'b.auto.tfvars': 'rotate = false\n' }), { 'main.tf': ['AWS-0065'] });
  assert.deepEqual(await failures({ 'main.tf': main, 'a.auto.tfvars.json': '{"rotate": true}' }), {});
  assert.deepEqual(await failures({ 'main.tf': main, 'terraform.tfvars': 'rotate = true\n' }, { tfVars: [{ path: 'prod.tfvars', content: 'rotate = false\n' }] }), { 'main.tf': ['AWS-0065'] });
  // a variable without a value is unknown: the check does not guess
  assert.deepEqual(await failures({ 'main.tf': 'variable "rotate" {}\n' + KEY('var.rotate') }), {});
});

test('a variable defaulting to null is null (not unknown): conditions on it decide count', async () => {
  const main = `variable "logging" {
  default = null
}
resource "aws_s3_bucket" "b" {
  bucket = "data"
}
resource "aws_s3_bucket_logging" "b" {
  count         = var.logging != null ? 1 : 0
  bucket        = aws_s3_bucket.b.id
  target_bucket = var.logging
}
`;
  assert.ok((await failures({ 'main.tf': main }))['main.tf'].includes('AWS-0089'));
  assert.ok(!(await failures({ 'main.tf': main, 'terraform.tfvars': 'logging = "logs"\n' }))['main.tf'].includes('AWS-0089'));
});

test('locals, count and for_each: instances with their own values; count = 0 makes none', async () => {
  const main = `
locals {
  keys = { a = true, b = false }
}
resource "aws_kms_key" "each" {
  for_each            = local.keys
  enable_key_rotation = each.value
}
resource "aws_kms_key" "none" {
  count               = 0
  enable_key_rotation = false
}
resource "aws_ebs_volume" "v" {
  count      = 2
  encrypted  = count.index == 0
  kms_key_id = "alias/k"
}
`;
  const scan = await scanConfigTree(new Map([['main.tf', main]]), { now: NOW });
  const result = scan.results.find((r) => r.filePath === 'main.tf');
  assert.ok(result);
  assert.deepEqual(
    result.failures.map((f) => [f.ID, f.CauseMetadata.Resource, f.CauseMetadata.StartLine]),
    [
      ['AWS-0026', 'aws_ebs_volume.v[1]', 15],
      ['AWS-0065', 'aws_kms_key.each["b"]', 7],
    ],
  );
});

test('modules in the tree: inputs flow into the module, causes point at the module file, the resource is the module call', async () => {
  const files = {
    'main.tf': 'module "storage" {\n  source  = "./modules/storage"\n  encrypt = false\n}\n',
    'modules/storage/main.tf': 'variable "encrypt" {\n  default = true\n}\nresource "aws_efs_file_system" "fs" {\n  encrypted = var.encrypt\n}\noutput "id" {\n  value = aws_efs_file_system.fs.id\n}\n',
  };
  const scan = await scanConfigTree(new Map(Object.entries(files)), { now: NOW });
  const result = scan.results.find((r) => r.filePath === 'modules/storage/main.tf');
  assert.ok(result, 'the module file has the failure');
  assert.deepEqual(result.failures.map((f) => [f.ID, f.CauseMetadata.Resource, f.CauseMetadata.StartLine]), [['AWS-0037', 'module.storage', 5]]);
  // the module directory is not also scanned as a root of its own (its default would pass)
  assert.equal(scan.results.filter((r) => r.failures.length > 0).length, 1);
  assert.deepEqual(await failures({ ...files, 'main.tf': files['main.tf'].replace('false', 'true') }), {});
});

test('module outputs and references between resources: a bucket found through its reference, its name or a module output', async () => {
  const files = {
    'main.tf': `
module "names" {
  source = "./names"
}
resource "aws_s3_bucket" "b" {
  bucket = module.names.bucket
}
resource "aws_s3_bucket_public_access_block" "by_name" {
  bucket                  = "data-bucket"
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
`,
    'names/outputs.tf': 'output "bucket" {\n  value = "data-bucket"\n}\n',
  };
  const ids = (await failures(files))['main.tf'] ?? [];
  for (const id of ['AWS-0086', 'AWS-0087', 'AWS-0091', 'AWS-0093', 'AWS-0094']) assert.ok(!ids.includes(id), `${id} passes: the access block names the bucket`);
  assert.ok(ids.includes('AWS-0090'));
});

test('file() reads policy documents of the tree; data "aws_iam_policy_document" statements are read too', async () => {
  const files = {
    'iam/main.tf': 'resource "aws_iam_policy" "p" {\n  policy = file("${path.module}/policy.json")\n}\n',
    'iam/policy.json': '{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}',
    'doc/main.tf': 'data "aws_iam_policy_document" "d" {\n  statement {\n    actions   = ["s3:*"]\n    resources = ["*"]\n  }\n}\nresource "aws_iam_role_policy" "r" {\n  role   = "r"\n  policy = data.aws_iam_policy_document.d.json\n}\n',
  };
  assert.deepEqual(await failures(files), { 'doc/main.tf': ['AWS-0345'], 'iam/main.tf': ['AWS-0345'] });
});

test('inline ignores above a resource or an attribute, expiry dates, and --skip-check', async () => {
  const base = 'resource "aws_efs_file_system" "fs" {\n  encrypted = false\n}\n';
  assert.deepEqual(await failures({ 'main.tf': base }), { 'main.tf': ['AWS-0037'] });
  assert.deepEqual(await failures({ 'main.tf': `#trivy:ignore:AVD-AWS-0037\n${base}` }), {});
  assert.deepEqual(await failures({ 'main.tf': base.replace('  encrypted', '  # tfsec:ignore:aws-efs-enable-at-rest-encryption\n  encrypted') }), {});
  assert.deepEqual(await failures({ 'main.tf': `# picket:ignore:AWS-0037:exp:2025-01-01\n${base}` }), { 'main.tf': ['AWS-0037'] }, 'an expired ignore');
  assert.deepEqual(await failures({ 'main.tf': base }, { skipChecks: new Set(['aws-efs-enable-at-rest-encryption']) }), {});
  const scan = await scanConfigTree(new Map([['main.tf', `#trivy:ignore:AVD-AWS-0037\n${base}`]]), { now: NOW, includeNonFailures: true });
  assert.equal(scan.results.find((r) => r.filePath === 'main.tf')?.exceptions, 1);
});

test('a single .tf file scans alone through scanConfigFile; passes and failures on the file', async () => {
  const result = await scanConfigFile('main.tf', 'resource "aws_kms_key" "k" {}\n', { now: NOW });
  assert.ok(result);
  assert.equal(result.type, 'terraform');
  assert.deepEqual(result.failures.map((f) => f.ID), ['AWS-0065']);
  assert.equal(result.failures[0].Type, 'Terraform Security Check');
  assert.equal(result.failures[0].CauseMetadata.Provider, 'AWS');
  assert.equal(result.failures[0].CauseMetadata.Service, 'kms');
  assert.ok(result.successes > 40);
});

test('a broken .tf file is a warning and the rest of the tree is scanned', async () => {
  const scan = await scanConfigTree(new Map([['bad/main.tf', 'resource "x" {\n'], ['ok/main.tf', KEY('false')]]), { now: NOW });
  assert.equal(scan.errors.length, 1);
  assert.equal(scan.errors[0].file, 'bad/main.tf');
  assert.deepEqual(scan.results.find((r) => r.filePath === 'ok/main.tf')?.failures.map((f) => f.ID), ['AWS-0065']);
});
