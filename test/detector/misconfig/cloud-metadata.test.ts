import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { builtinChecks, findingIds, scanConfigFile } from '../../../src/detector/misconfig/index.js';
import { sharedPath } from '../../support/paths.js';

interface Metadata {
  title: string;
  related_resources?: (string | { ref: string })[];
  custom: { id: string; severity: string; aliases?: string[]; deprecated?: boolean; provider: string; service: string };
  _package: string;
}

const metadata = JSON.parse(readFileSync(sharedPath('fixtures/misconfig-trivy-checks/checks-metadata.json'), 'utf8')) as Metadata[];
const byId = new Map(metadata.map((entry) => [entry.custom.id, entry]));
const { cloud } = await builtinChecks();
const PROVIDERS: Record<string, string> = { aws: 'AWS', google: 'Google', azure: 'Azure' };

test('at least 40 Terraform/CloudFormation checks, over AWS, Google and Azure', () => {
  const running = cloud.filter((c) => !c.deprecated);
  assert.ok(running.length >= 40, `${running.length}`);
  for (const provider of ['AWS', 'Google', 'Azure']) assert.ok(running.some((c) => c.provider === provider), provider);
});

test('cloud check ids, titles, severities, namespaces, aliases, services, references and deprecation follow checks-metadata.json', () => {
  for (const check of cloud) {
    const entry = byId.get(check.id);
    assert.ok(entry, `${check.id} is not in checks-metadata.json`);
    assert.equal(check.title, entry.title, check.id);
    assert.equal(check.severity, entry.custom.severity, check.id);
    assert.equal(check.namespace, entry._package, check.id);
    assert.equal(check.provider, PROVIDERS[entry.custom.provider], check.id);
    assert.equal(check.service, entry.custom.service, check.id);
    assert.equal(Boolean(check.deprecated), Boolean(entry.custom.deprecated), check.id);
    for (const alias of entry.custom.aliases ?? []) assert.ok(check.aliases.includes(alias), `${check.id} lacks alias ${alias}`);
    const refs = (entry.related_resources ?? []).map((r) => (typeof r === 'string' ? r : r.ref));
    assert.deepEqual(check.references, [...refs, `https://avd.aquasec.com/misconfig/${check.id.toLowerCase()}`], check.id);
    assert.ok(check.description.length > 20 && check.resolution.length > 5, `${check.id} texts`);
    assert.equal(check.type, 'cloud');
  }
});

test('a cloud finding answers to all its ids (AVD id, short code, long id) for ignore files', async () => {
  const result = await scanConfigFile('main.tf', 'resource "aws_kms_key" "k" {}\n');
  const finding = result?.failures.find((f) => f.ID === 'AWS-0065');
  assert.ok(finding);
  assert.deepEqual(await findingIds(finding), ['AWS-0065', 'AVD-AWS-0065', 'auto-rotate-keys', 'aws-kms-auto-rotate-keys']);
});
