/** SARIF: trivy's alpine-310 golden field by field, and the OASIS schema for real and synthetic reports. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goldenJson, goldenReport, render, scanFixture, secretsAndMisconfigReport } from './support.js';
import { sarifErrors } from './schemas.js';

interface SarifLog { runs: { tool: { driver: { name: string; rules: Record<string, unknown>[] } }; results: Record<string, unknown>[]; properties?: Record<string, unknown>; originalUriBaseIds?: Record<string, { uri: string }> }[] }

test('alpine-310: rules, results and image properties match trivy\'s SARIF golden', async () => {
  const ours = JSON.parse(await render('sarif', goldenReport('alpine-310.json.golden'))) as SarifLog;
  const theirs = goldenJson<SarifLog>('alpine-310.sarif.golden');
  assert.equal(ours.runs.length, 1);
  assert.deepEqual(ours.runs[0].tool.driver.rules, theirs.runs[0].tool.driver.rules);
  assert.deepEqual(ours.runs[0].results, theirs.runs[0].results);
  const { repoDigests, ...props } = ours.runs[0].properties!;
  const { repoDigests: goldenDigests, ...goldenProps } = theirs.runs[0].properties!;
  assert.deepEqual(props, goldenProps);
  assert.deepEqual(repoDigests, goldenDigests ?? [], 'no digests: [] (trivy writes null)');
  assert.deepEqual(sarifErrors(ours), []);
});

test('npm and gomod scans: valid SARIF with the lockfile as location and the declaring lines as region', async () => {
  for (const name of ['npm', 'gomod']) {
    const report = await scanFixture(name);
    const log = JSON.parse(await render('sarif', report)) as SarifLog;
    assert.deepEqual(sarifErrors(log), [], name);
    const vulns = report.Results.flatMap((r) => r.Vulnerabilities ?? []);
    assert.ok(vulns.length > 0, `${name} has findings`);
    assert.equal(log.runs[0].results.length, vulns.length);
    assert.match(log.runs[0].originalUriBaseIds!.ROOTPATH.uri, /^file:\/\/\/.*\/$/);
  }
  const npm = JSON.parse(await render('sarif', await scanFixture('npm'))) as SarifLog;
  const jquery = npm.runs[0].results.find((r) => (r.message as { text: string }).text.startsWith('Package: jquery'))!;
  const loc = (jquery.locations as { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; endLine: number } } }[])[0].physicalLocation;
  assert.equal(loc.artifactLocation.uri, 'package-lock.json');
  assert.ok(loc.region.startLine > 1 && loc.region.endLine >= loc.region.startLine, 'the package\'s lines in package-lock.json');
});

test('secrets and misconfigurations: one rule per check, results on their lines, failures only', async () => {
  const log = JSON.parse(await render('sarif', secretsAndMisconfigReport())) as SarifLog;
  assert.deepEqual(sarifErrors(log), []);
  const rules = log.runs[0].tool.driver.rules;
  assert.deepEqual(rules.map((r) => `${r.id} ${r.name}`), ['aws-access-key-id Secret', 'mysecret Secret', 'DS-0002 Misconfiguration', 'DS-0001 Misconfiguration']);
  const ds1 = rules.find((r) => r.id === 'DS-0001')!;
  assert.deepEqual(ds1.properties, { precision: 'very-high', 'security-severity': '5.5', tags: ['misconfiguration', 'security', 'MEDIUM'] });
  assert.equal(ds1.helpUri, 'https://avd.aquasec.com/misconfig/ds-0001');
  const regions = log.runs[0].results.map((r) => `${r.ruleId} ${JSON.stringify((r.locations as { physicalLocation: { artifactLocation: { uri: string }; region: unknown } }[])[0].physicalLocation)}`);
  assert.deepEqual(regions, [
    'aws-access-key-id {"artifactLocation":{"uri":"deploy.sh","uriBaseId":"ROOTPATH"},"region":{"startLine":3,"startColumn":1,"endLine":3,"endColumn":1}}',
    'mysecret {"artifactLocation":{"uri":"deploy.sh","uriBaseId":"ROOTPATH"},"region":{"startLine":7,"startColumn":1,"endLine":7,"endColumn":1}}',
    'DS-0002 {"artifactLocation":{"uri":"Dockerfile","uriBaseId":"ROOTPATH"},"region":{"startLine":1,"startColumn":1,"endLine":1,"endColumn":1}}',
    'DS-0001 {"artifactLocation":{"uri":"Dockerfile","uriBaseId":"ROOTPATH"},"region":{"startLine":1,"startColumn":1,"endLine":1,"endColumn":1}}',
  ]);
  assert.equal(log.runs[0].results[0].level, 'error', 'CRITICAL secret is an error');
});

test('OS results of a registry image point at the repository path', async () => {
  const report = goldenReport('alpine-310.json.golden');
  report.ArtifactName = 'ghcr.io/aquasecurity/trivy-test-images:alpine-310';
  report.Results[0].Target = 'ghcr.io/aquasecurity/trivy-test-images:alpine-310 (alpine 3.10.2)';
  const log = JSON.parse(await render('sarif', report)) as SarifLog;
  const uri = (log.runs[0].results[0].locations as { physicalLocation: { artifactLocation: { uri: string } } }[])[0].physicalLocation.artifactLocation.uri;
  assert.equal(uri, 'aquasecurity/trivy-test-images');
  report.Results[0].Target = 'alpine:3.10 (alpine 3.10.2)';
  const hub = JSON.parse(await render('sarif', report)) as SarifLog;
  assert.equal((hub.runs[0].results[0].locations as { physicalLocation: { artifactLocation: { uri: string } } }[])[0].physicalLocation.artifactLocation.uri, 'library/alpine');
});
