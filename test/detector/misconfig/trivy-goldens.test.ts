/**
 * trivy's misconfiguration goldens reproduced by the engine: same failing ids per file, same
 * severities, namespaces, links, cause lines and code excerpts (titles and messages are picket's own).
 * The Helm goldens are compared on hand-rendered manifests (test/fixtures/misconfig/helm-rendered).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configFileType, loadCustomChecks, scanConfigFile } from '../../../src/detector/misconfig/index.js';
import type { FileMisconfigResult, MisconfigFinding } from '../../../src/detector/misconfig/index.js';
import { repoRoot, sharedPath } from '../../support/paths.js';

interface GoldenResult {
  Target: string;
  MisconfSummary?: { Successes: number; Failures: number };
  Misconfigurations?: MisconfigFinding[];
}

function golden(name: string): GoldenResult[] {
  return (JSON.parse(readFileSync(sharedPath(`fixtures/trivy-integration/${name}`), 'utf8')) as { Results: GoldenResult[] }).Results;
}

const repoInput = (rel: string) => readFileSync(sharedPath(`fixtures/trivy-integration/fixtures/repo/${rel}`));
const rendered = (name: string) => readFileSync(join(repoRoot, 'test/fixtures/misconfig/helm-rendered', name));

/** The fields of a finding trivy and picket share (everything but the wording and the ANSI highlighting). */
function comparable(finding: MisconfigFinding) {
  const { Provider, Service, StartLine, EndLine, Code } = finding.CauseMetadata;
  return {
    Type: finding.Type.replace('Helm Security Check', 'Kubernetes Security Check'),
    ID: finding.ID,
    AVDID: finding.AVDID,
    Namespace: finding.Namespace,
    Query: finding.Query,
    Severity: finding.Severity,
    PrimaryURL: finding.PrimaryURL,
    References: finding.References,
    Status: finding.Status,
    CauseMetadata: {
      Provider,
      Service,
      StartLine,
      EndLine,
      Lines: Code?.Lines.map(({ Number, Content, IsCause, Truncated, FirstCause, LastCause }) => ({ Number, Content, IsCause, Truncated, FirstCause, LastCause })),
    },
  };
}

function assertSameFailures(result: FileMisconfigResult | undefined, expected: GoldenResult): void {
  assert.ok(result);
  assert.equal(result.failures.length, expected.MisconfSummary?.Failures);
  assert.deepEqual(result.failures.map(comparable), (expected.Misconfigurations ?? []).map(comparable));
}

test('dockerfile.json.golden: a Dockerfile without USER fails DS-0002 only, 26 checks pass', () => {
  const [expected] = golden('dockerfile.json.golden');
  const result = scanConfigFile('Dockerfile', repoInput('dockerfile/Dockerfile'));
  assertSameFailures(result, expected);
  assert.equal(result?.successes, expected.MisconfSummary?.Successes);
  assert.equal(result?.type, 'dockerfile');
});

test('dockerfile_file_pattern.json.golden: a file pattern makes Customfile a Dockerfile', () => {
  const [expected] = golden('dockerfile_file_pattern.json.golden');
  const content = repoInput('dockerfile_file_pattern/Customfile');
  assert.equal(configFileType('Customfile', content), undefined);
  const type = configFileType('Customfile', content, { filePatterns: [{ type: 'dockerfile', pattern: /Customfile/ }] });
  assert.equal(type, 'dockerfile');
  const result = scanConfigFile('Customfile', content, { type });
  assertSameFailures(result, expected);
  assert.equal(result?.successes, expected.MisconfSummary?.Successes);
});

test('dockerfile-custom-policies.json.golden: user checks run after the built-in ones', async () => {
  const [expected] = golden('dockerfile-custom-policies.json.golden');
  const customChecks = await loadCustomChecks(join(repoRoot, 'test/fixtures/misconfig/custom-checks/trivy-custom-policy'));
  const result = scanConfigFile('Dockerfile', repoInput('custom-policy/Dockerfile'), { customChecks });
  assert.ok(result);
  assert.equal(result.successes, expected.MisconfSummary?.Successes);
  const pick = (f: MisconfigFinding) => ({ ...comparable(f), Title: f.Title, Description: f.Description, Message: f.Message, Resolution: f.Resolution });
  assert.deepEqual(result.failures.map(pick), (expected.Misconfigurations ?? []).map(pick));
});

for (const [goldenName, target, file] of [
  ['helm.json.golden', 'testchart.tar.gz:templates/pod.yaml', 'nginx-deployment.yaml'],
  ['helm_testchart.json.golden', 'templates/deployment.yaml', 'testchart-deployment.yaml'],
  ['helm_testchart.json.golden', 'templates/service.yaml', 'testchart-service.yaml'],
  ['helm_testchart.json.golden', 'templates/serviceaccount.yaml', 'testchart-serviceaccount.yaml'],
  ['helm_testchart.overridden.json.golden', 'templates/deployment.yaml', 'testchart-deployment-overridden.yaml'],
] as const) {
  test(`${goldenName} ${target}: the Kubernetes checks fail the same way on the rendered manifest`, () => {
    const expected = golden(goldenName).find((result) => result.Target === target);
    assert.ok(expected, `${target} in ${goldenName}`);
    assertSameFailures(scanConfigFile(file, rendered(file)), expected);
  });
}
