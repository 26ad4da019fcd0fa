import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinChecks, scanConfigFile } from '../../../src/detector/misconfig/index.js';
import type { Check } from '../../../src/detector/misconfig/index.js';
import { ownExamples, upstreamExamples } from './check-examples.js';
import type { ExampleType } from './check-examples.js';

const checks = await builtinChecks();
const byId = new Map<string, Check>([...checks.dockerfile, ...checks.kubernetes, ...checks.cloud, ...checks.compose].map((check) => [check.id, check]));

const PATHS: Record<ExampleType, string> = {
  dockerfile: 'Dockerfile',
  kubernetes: 'example.yaml',
  terraform: 'main.tf',
  cloudformation: 'template.yaml',
  'docker-compose': 'compose.yaml',
};

/** What a check reads decides which example sections apply to it (a cloud check: Terraform and CloudFormation). */
function appliesTo(check: Check, type: ExampleType): boolean {
  return check.type === 'cloud' ? type === 'terraform' || type === 'cloudformation' : check.type === type;
}

/**
 * Upstream examples picket does not follow, with the reason. AWS-0057's CloudFormation bad example
 * is malformed: its PolicyDocument is empty (the Version/Statement keys are outdented under
 * Resources), so there is no policy to find a wildcard in.
 */
const KNOWN_DIFFERENCES = new Set(['AWS-0057 cloudformation bad 1']);

/** The failures of one check on one example (deprecated checks run too: they are tested, not run by default). */
async function failuresOf(check: Check, type: ExampleType, text: string): Promise<string[]> {
  const path = PATHS[type];
  const result = await scanConfigFile(path, text, { type, disableBuiltinChecks: true, customChecks: [{ ...check, deprecated: false }] });
  assert.ok(result, `${path} was not recognised as ${type}`);
  return result.failures.map((finding) => finding.Message);
}

for (const [origin, examples] of [['trivy-checks', upstreamExamples()], ['picket', ownExamples()]] as const) {
  test(`${origin} examples exist for implemented checks`, () => {
    assert.ok(examples.length > 0);
  });
  for (const example of examples) {
    const check = byId.get(example.id);
    if (!check || !appliesTo(check, example.type)) continue; // a check picket does not implement (yet)
    example.bad.forEach((text, i) => {
      if (KNOWN_DIFFERENCES.has(`${example.id} ${example.type} bad ${i + 1}`)) return;
      test(`${example.id} ${example.type} bad example ${i + 1} (${example.source}) fails`, async () => {
        assert.notDeepEqual(await failuresOf(check, example.type, text), [], `expected ${example.id} to fail on:\n${text}`);
      });
    });
    example.good.forEach((text, i) => {
      test(`${example.id} ${example.type} good example ${i + 1} (${example.source}) passes`, async () => {
        assert.deepEqual(await failuresOf(check, example.type, text), [], `expected ${example.id} to pass on:\n${text}`);
      });
    });
  }
}

// KSV-01011 only fails on GKE clusters, which a manifest does not reveal: it never fails in a config scan.
const NEVER_FAILS_ON_FILES = new Set(['KSV-01011']);

test('every implemented check has a good and a bad example', () => {
  const all = [...upstreamExamples(), ...ownExamples()];
  const missing = [...byId.keys()].filter((id) => {
    if (NEVER_FAILS_ON_FILES.has(id)) return !all.some((example) => example.id === id && example.good.length > 0);
    const mine = all.filter((example) => example.id === id);
    return !mine.some((example) => example.good.length > 0) || !mine.some((example) => example.bad.length > 0);
  });
  assert.deepEqual(missing, []);
});
