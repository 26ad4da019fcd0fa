/**
 * trivy's misconfiguration goldens reproduced by the engine: same failing ids per file, same
 * severities, namespaces, links, cause lines and code excerpts (titles and messages are picket's own).
 * The Helm charts are rendered by picket's renderer (helm_testchart with default and overridden
 * values, helm_badname); the chart package of helm.json.golden is not among the local inputs, so
 * that one is compared on its hand-rendered manifest (test/fixtures/misconfig/helm-rendered).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { configFileType, loadCustomChecks, scanConfigFile, scanConfigTree } from '../../../src/detector/misconfig/index.js';
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

test('dockerfile.json.golden: a Dockerfile without USER fails DS-0002 only, 26 checks pass', async () => {
  const [expected] = golden('dockerfile.json.golden');
  const result = await scanConfigFile('Dockerfile', repoInput('dockerfile/Dockerfile'));
  assertSameFailures(result, expected);
  assert.equal(result?.successes, expected.MisconfSummary?.Successes);
  assert.equal(result?.type, 'dockerfile');
});

test('dockerfile_file_pattern.json.golden: a file pattern makes Customfile a Dockerfile', async () => {
  const [expected] = golden('dockerfile_file_pattern.json.golden');
  const content = repoInput('dockerfile_file_pattern/Customfile');
  assert.equal(configFileType('Customfile', content), undefined);
  const type = configFileType('Customfile', content, { filePatterns: [{ type: 'dockerfile', pattern: /Customfile/ }] });
  assert.equal(type, 'dockerfile');
  const result = await scanConfigFile('Customfile', content, { type });
  assertSameFailures(result, expected);
  assert.equal(result?.successes, expected.MisconfSummary?.Successes);
});

test('dockerfile-custom-policies.json.golden: user checks run after the built-in ones', async () => {
  const [expected] = golden('dockerfile-custom-policies.json.golden');
  const customChecks = await loadCustomChecks(join(repoRoot, 'test/fixtures/misconfig/custom-checks/trivy-custom-policy'));
  const result = await scanConfigFile('Dockerfile', repoInput('custom-policy/Dockerfile'), { customChecks });
  assert.ok(result);
  assert.equal(result.successes, expected.MisconfSummary?.Successes);
  const pick = (f: MisconfigFinding) => ({ ...comparable(f), Title: f.Title, Description: f.Description, Message: f.Message, Resolution: f.Resolution });
  assert.deepEqual(result.failures.map(pick), (expected.Misconfigurations ?? []).map(pick));
});

test('helm.json.golden testchart.tar.gz:templates/pod.yaml: the Kubernetes checks fail the same way on the rendered manifest', async () => {
  const expected = golden('helm.json.golden').find((result) => result.Target === 'testchart.tar.gz:templates/pod.yaml');
  assert.ok(expected);
  assertSameFailures(await scanConfigFile('nginx-deployment.yaml', rendered('nginx-deployment.yaml')), expected);
});

/** Every file under a fixture directory, by path relative to it. */
function tree(rel: string): Map<string, Buffer> {
  const root = sharedPath(`fixtures/trivy-integration/fixtures/repo/${rel}`);
  const files = new Map<string, Buffer>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(root, path), readFileSync(path));
    }
  };
  walk(root);
  return files;
}

for (const [goldenName, valueFiles] of [
  ['helm_testchart.json.golden', []],
  ['helm_testchart.overridden.json.golden', ['helm_values/values.yaml']],
] as const) {
  test(`${goldenName}: the rendered chart fails the same checks per template (hooks left out)`, async () => {
    const helm = { valueFiles: valueFiles.map((rel) => ({ path: rel, content: repoInput(rel).toString('utf8') })) };
    const scan = await scanConfigTree(tree('helm_testchart'), { helm });
    assert.deepEqual(scan.errors, []);
    const expected = golden(goldenName);
    assert.deepEqual(scan.results.map((r) => r.filePath), expected.map((r) => r.Target));
    for (const result of scan.results) {
      const want = expected.find((r) => r.Target === result.filePath);
      assert.ok(want);
      assert.equal(result.type, 'helm');
      assert.ok(result.failures.every((f) => f.Type === 'Helm Security Check'));
      assertSameFailures(result, want);
    }
  });
}

test('helm_badname.json.golden: a chart whose name is not a string is not rendered (no results, one warning)', async () => {
  const scan = await scanConfigTree(tree('helm_badname'));
  assert.equal(golden('helm_badname.json.golden'), undefined);
  assert.deepEqual(scan.results, []);
  assert.equal(scan.errors.length, 1);
  assert.match(scan.errors[0].message, /Chart\.yaml: chart name must be a non-empty string/);
});
