/**
 * trivy's Terraform goldens (fixtures/trivy-integration/terraform-*.json.golden). Their failures are
 * all inside registry/GitHub modules, which picket does not download: the local inputs are scanned
 * (no failures in them, the remote call reported as not followed), and the module-cache fixture
 * reproduces the same failing ids per file once the module is where `terraform init` puts it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanConfigTree } from '../../../src/detector/misconfig/index.js';
import { repoRoot, sharedPath } from '../../support/paths.js';
import { readTree } from './tree-files.js';

interface GoldenResult {
  Target: string;
  MisconfSummary?: { Successes: number; Failures: number };
  Misconfigurations?: { ID: string; Severity: string; Namespace: string; CauseMetadata: { Resource?: string; Provider: string; Service: string; StartLine?: number; EndLine?: number } }[];
}

const golden = (name: string) => (JSON.parse(readFileSync(sharedPath(`fixtures/trivy-integration/${name}`), 'utf8')) as { Results: GoldenResult[] }).Results;

for (const [goldenName, dir, source] of [
  ['terraform-remote-module.json.golden', 'remote-module', 'terraform-aws-modules/s3-bucket/aws'],
  ['terraform-exclude-misconfs-remote-module.json.golden', 'remote-module', 'terraform-aws-modules/s3-bucket/aws'],
  ['terraform-opentofu-registry.json.golden', 'opentofu-registry', 'registry.opentofu.org/terraform-aws-modules/s3-bucket/aws'],
  ['terraform-terraform-registry.json.golden', 'terraform-registry', 'registry.terraform.io/terraform-aws-modules/s3-bucket/aws'],
  ['terraform-remote-submodule.json.golden', 'remote-submodule', 'terraform-aws-modules/vpc/aws//modules/vpc-endpoints'],
  ['terraform-remote-module-in-child.json.golden', 'remote-module-in-child', 'github.com/terraform-aws-modules/terraform-aws-s3-bucket?ref=v5.2.0'],
] as const) {
  test(`${goldenName}: the local files have no failures, as in the golden; the remote module is reported as not followed`, async () => {
    const expected = golden(goldenName);
    const scan = await scanConfigTree(readTree(sharedPath(`fixtures/trivy-integration/fixtures/repo/terraform/${dir}`)));
    assert.deepEqual(scan.errors, []);
    const localTargets = expected.filter((r) => r.Target === '.' || !r.Target.includes('/') || r.Target.startsWith('modules/'));
    for (const result of localTargets) assert.equal(result.MisconfSummary?.Failures ?? 0, 0);
    assert.deepEqual(scan.results.flatMap((r) => r.failures), []);
    assert.deepEqual(scan.unresolvedModules.map((m) => m.source), [source]);
  });
}

test('terraform-remote-module.json.golden: with the module in .terraform/modules, the same ids fail in the module file, for module.bucket', async () => {
  const [, expected] = golden('terraform-remote-module.json.golden');
  const scan = await scanConfigTree(readTree(join(repoRoot, 'test/fixtures/misconfig/terraform/module-cache')));
  assert.deepEqual(scan.unresolvedModules, []);
  const result = scan.results.find((r) => r.filePath === expected.Target);
  assert.ok(result, `a result for ${expected.Target}`);
  const pick = (f: { ID: string; Severity: string; Namespace: string; CauseMetadata: { Resource?: string; Provider: string; Service: string } }) => ({
    ID: f.ID,
    Severity: f.Severity,
    Namespace: f.Namespace,
    Resource: f.CauseMetadata.Resource,
    Provider: f.CauseMetadata.Provider,
    Service: f.CauseMetadata.Service,
  });
  assert.deepEqual(result.failures.map(pick), (expected.Misconfigurations ?? []).map(pick));
  assert.equal(result.failures.length, expected.MisconfSummary?.Failures);
  // the cause is the bucket resource block of the module file (lines of picket's stand-in module)
  for (const failure of result.failures) {
    assert.equal(failure.CauseMetadata.Code?.Lines[0].Content, 'resource "aws_s3_bucket" "this" {');
    assert.equal(failure.Type, 'Terraform Security Check');
  }
  const passes = scan.results.find((r) => r.filePath === '.');
  assert.ok(passes && passes.successes > 0 && passes.failures.length === 0);
});
