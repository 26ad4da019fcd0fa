import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { createSecretScanner } from '../../../src/detector/secret/index.js';
import { builtinRules } from '../../../src/detector/secret/rules/registry.js';
import { aiRules } from '../../../src/detector/secret/rules/ai.js';
import { chatMailRules } from '../../../src/detector/secret/rules/chat-mail.js';
import { cloudRules } from '../../../src/detector/secret/rules/cloud.js';
import { databaseRules } from '../../../src/detector/secret/rules/databases.js';
import { genericRules } from '../../../src/detector/secret/rules/generic.js';
import { infrastructureRules } from '../../../src/detector/secret/rules/infrastructure.js';
import { observabilityRules } from '../../../src/detector/secret/rules/observability.js';
import { paymentRules } from '../../../src/detector/secret/rules/payments.js';
import { platformRules } from '../../../src/detector/secret/rules/platforms.js';
import { privateKeyRules } from '../../../src/detector/secret/rules/private-keys.js';
import { registryRules } from '../../../src/detector/secret/rules/registries.js';
import { vcsCiRules } from '../../../src/detector/secret/rules/vcs-ci.js';
import type { SecretRuleSpec } from '../../../src/detector/secret/types.js';
import { repoRoot } from '../../support/paths.js';
import { TokenFactory } from './token-factory.js';

const families: Record<string, SecretRuleSpec[]> = {
  cloud: cloudRules,
  platforms: platformRules,
  infrastructure: infrastructureRules,
  'vcs-ci': vcsCiRules,
  registries: registryRules,
  'chat-mail': chatMailRules,
  payments: paymentRules,
  ai: aiRules,
  observability: observabilityRules,
  'private-keys': privateKeyRules,
  databases: databaseRules,
  generic: genericRules,
};

interface Samples {
  path?: string;
  positive: string[];
  negative: string[];
}

function samplesOf(family: string): Record<string, Samples> {
  return parse(readFileSync(`${repoRoot}/test/fixtures/secrets/samples/${family}.yaml`, 'utf8')) as Record<string, Samples>;
}

// Allow rules are about paths and example values; rule samples are judged without them.
const scanner = createSecretScanner({ disableAllowRules: ['tests', 'examples', 'fixtures'] });
const tokens = new TokenFactory(7);

test('the registry holds at least 120 rules, every one in a family file, with unique ids', () => {
  assert.ok(builtinRules.length >= 120, `${builtinRules.length} rules`);
  const ids = builtinRules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, 'duplicate rule ids');
  assert.deepEqual([...ids].sort(), Object.values(families).flat().map((r) => r.id).sort());
});

test('every rule states its keywords in lower case and names its secret group', () => {
  for (const rule of builtinRules) {
    assert.ok(rule.keywords.length > 0, rule.id);
    for (const k of rule.keywords) assert.equal(k, k.toLowerCase(), `${rule.id}: keyword ${k}`);
    assert.match(rule.regex.source, /\(\?<secret>/, rule.id);
    assert.ok(!/[gy]/.test(rule.regex.flags), rule.id);
    assert.ok(rule.id && rule.category && rule.title && rule.severity, rule.id);
  }
});

for (const [family, rules] of Object.entries(families)) {
  const samples = samplesOf(family);

  test(`${family}: every rule has positive and negative samples, and no sample names an unknown rule`, () => {
    for (const rule of rules) {
      assert.ok(samples[rule.id]?.positive?.length, `${rule.id}: no positive sample`);
      assert.ok(samples[rule.id]?.negative?.length, `${rule.id}: no negative sample`);
    }
    const known = new Set(rules.map((r) => r.id));
    for (const id of Object.keys(samples)) assert.ok(known.has(id), `sample for unknown rule ${id}`);
  });

  for (const rule of rules) {
    test(`${family} / ${rule.id}: finds its positive samples (masked) and not its negatives`, () => {
      const { path = 'deploy/run.sh', positive = [], negative = [] } = samples[rule.id] ?? {};
      for (const raw of positive) {
        const text = tokens.expand(raw);
        const findings = scanner.scan(path, Buffer.from(text + '\n'));
        const mine = findings.filter((f) => f.RuleID === rule.id);
        assert.ok(mine.length > 0, `${rule.id} missed: ${text}\n  found: ${findings.map((f) => f.RuleID).join(', ') || 'nothing'}`);
        for (const f of mine) {
          assert.equal(f.Category, rule.category);
          assert.equal(f.Severity, rule.severity);
          assert.match(f.Match, /\*{3,}/, `${rule.id}: Match not masked`);
          assert.notEqual(f.Confidence, 'low', `${rule.id}: generated sample failed its check`);
          const cause = f.Code.Lines.filter((l) => l.IsCause);
          assert.ok(cause.length > 0 && cause.every((l) => l.Content.includes('*') || l.Content.trim() === ''), `${rule.id}: cause lines not masked`);
        }
      }
      for (const raw of negative) {
        const text = tokens.expand(raw);
        const findings = scanner.scan(path, Buffer.from(text + '\n')).filter((f) => f.RuleID === rule.id);
        assert.equal(findings.length, 0, `${rule.id} reported a negative sample: ${text}`);
      }
    });
  }
}
