import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { builtinChecks } from '../../../src/detector/misconfig/index.js';
import { sharedPath } from '../../support/paths.js';

interface Metadata {
  title: string;
  custom: { id: string; severity: string; aliases?: string[]; long_id?: string; deprecated?: boolean };
  _file: string;
  _package: string;
}

const metadata = JSON.parse(readFileSync(sharedPath('fixtures/misconfig-trivy-checks/checks-metadata.json'), 'utf8')) as Metadata[];
const byId = new Map(metadata.map((entry) => [entry.custom.id, entry]));
const checks = await builtinChecks();

test('all 28 Dockerfile checks of trivy-checks are implemented', () => {
  const upstream = metadata.filter((m) => m._file.startsWith('checks/docker/')).map((m) => m.custom.id).sort();
  assert.equal(upstream.length, 28);
  assert.deepEqual(checks.dockerfile.map((c) => c.id).sort(), upstream);
});

test('at least 60 Kubernetes checks', () => {
  assert.ok(checks.kubernetes.filter((c) => !c.deprecated).length >= 60, `${checks.kubernetes.length}`);
});

test('ids, titles, severities, namespaces, aliases and deprecation follow checks-metadata.json', () => {
  for (const check of [...checks.dockerfile, ...checks.kubernetes]) {
    const entry = byId.get(check.id);
    assert.ok(entry, `${check.id} is not in checks-metadata.json`);
    assert.equal(check.title, entry.title, check.id);
    assert.equal(check.severity, entry.custom.severity, check.id);
    assert.equal(check.namespace, entry._package, check.id);
    assert.equal(Boolean(check.deprecated), Boolean(entry.custom.deprecated), check.id);
    for (const alias of entry.custom.aliases ?? []) assert.ok(check.aliases.includes(alias), `${check.id} lacks alias ${alias}`);
    assert.equal(check.primaryUrl, `https://avd.aquasec.com/misconfig/${check.id.toLowerCase()}`);
    assert.ok(check.description.length > 20 && check.resolution.length > 5, `${check.id} texts`);
  }
});

test('check ids and aliases are unique across the built-in checks', () => {
  const seen = new Map<string, string>();
  for (const check of [...checks.dockerfile, ...checks.kubernetes]) {
    for (const id of [check.id, ...check.aliases].map((x) => x.toLowerCase())) {
      // two checks may share a short code across formats (use-specific-tags): ids must not collide
      if (!/^(avd-)?[a-z]+-?\d+$/.test(id)) continue;
      assert.ok(!seen.has(id) || seen.get(id) === check.id, `${id} used by ${seen.get(id)} and ${check.id}`);
      seen.set(id, check.id);
    }
  }
});
