/**
 * picket's own misconfiguration checks on its deploy assets, through the built CLI
 * (`picket config deploy`, as a user would run it): no HIGH or CRITICAL finding in deploy/static
 * or in the Helm chart, with default values or with every optional part turned on, and below
 * HIGH only the findings known and accepted (each with its reason). The one accepted CRITICAL,
 * KSV-0041 (the ClusterRole may `get` image pull secrets, which the contract requires), is an
 * inline ignore on that rule of the two ClusterRoles; without the comment the check fires there
 * and nowhere else.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPicket } from '../support/cli.js';
import { tempDir } from '../support/temp.js';
import type { Report } from '../../src/report/model.js';
import { chartDir, staticDir } from './deploy-files.js';

const cacheDir = tempDir('picket-deploy-config-cache-');

async function config(args: string[]): Promise<Report> {
  const r = await runPicket(['config', ...args, '-f', 'json', '--cache-dir', cacheDir]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Report;
}

/** `target: ID (SEVERITY)` of every finding at or above HIGH. */
const serious = (report: Report) =>
  report.Results.flatMap((r) => (r.Misconfigurations ?? []).filter((m) => m.Severity === 'HIGH' || m.Severity === 'CRITICAL').map((m) => `${r.Target}: ${m.ID} (${m.Severity})`));

const exceptions = (report: Report) => report.Results.filter((r) => (r.MisconfSummary?.Exceptions ?? 0) > 0).map((r) => `${r.Target}: ${r.MisconfSummary?.Exceptions}`).sort();

test('picket config deploy: nothing HIGH or CRITICAL in deploy/static and the chart; one accepted exception per ClusterRole; only known findings below', async () => {
  const report = await config(['deploy']);
  const targets = report.Results.map((r) => `${r.Target} (${r.Type})`);
  for (const t of ['static/deployment.yaml (kubernetes)', 'static/clusterrole.yaml (kubernetes)', 'static/role.yaml (kubernetes)',
    'helm/picket-operator/templates/deployment.yaml (helm)', 'helm/picket-operator/templates/clusterrole.yaml (helm)', 'helm/picket-operator/templates/role.yaml (helm)']) {
    assert.ok(targets.includes(t), `${t} was scanned: ${targets.join(', ')}`);
  }
  assert.deepEqual(serious(report), []);
  assert.deepEqual(exceptions(report), ['helm/picket-operator/templates/clusterrole.yaml: 1', 'static/clusterrole.yaml: 1']);
  // Below HIGH, only the known and accepted findings: a new one shows up here.
  const all = report.Results.flatMap((r) => (r.Misconfigurations ?? []).map((m) => `${r.Target}: ${m.ID} (${m.Severity})`)).sort();
  assert.deepEqual(all, [
    // the operator needs its service account token to reach the API server
    'helm/picket-operator/templates/deployment.yaml: KSV-0036 (MEDIUM)',
    // picket renders charts into namespace `default` (as trivy does); a release goes where it is installed
    'helm/picket-operator/templates/deployment.yaml: KSV-0110 (LOW)',
    // the contract's Role creates and deletes scan Jobs (jobs mode), in the operator's namespace only
    'helm/picket-operator/templates/role.yaml: KSV-0048 (MEDIUM)',
    // and the Secret beside each scan Job (its image, logins and result token), in that namespace only
    'helm/picket-operator/templates/role.yaml: KSV-0113 (MEDIUM)',
    'static/deployment.yaml: KSV-0036 (MEDIUM)',
    'static/role.yaml: KSV-0048 (MEDIUM)',
    'static/role.yaml: KSV-0113 (MEDIUM)',
  ]);
});

test('picket config on the chart with jobs mode, persistence, a digest and the ServiceMonitor: nothing HIGH or CRITICAL', async () => {
  const report = await config([chartDir, '--helm-set', 'scanMode=jobs,persistence.enabled=true,serviceMonitor.enabled=true,image.digest=sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef']);
  assert.ok(report.Results.some((r) => r.Target === 'templates/pvc.yaml'), 'the optional templates rendered');
  assert.deepEqual(serious(report), []);
});

test('the KSV-0041 ignore covers exactly the pull-secrets rule: without it the check fires there only', async () => {
  const dir = tempDir('picket-deploy-noignore-');
  const text = readFileSync(join(staticDir, 'clusterrole.yaml'), 'utf8');
  const lines = text.split('\n');
  const ignoreLine = lines.findIndex((l) => /trivy:ignore:KSV-0041/.test(l));
  assert.ok(ignoreLine > 0);
  writeFileSync(join(dir, 'clusterrole.yaml'), lines.filter((_, i) => i !== ignoreLine).join('\n'));
  const report = await config([dir]);
  const found = report.Results.flatMap((r) => (r.Misconfigurations ?? []).map((m) => [m.ID, m.Severity, m.CauseMetadata?.StartLine]));
  // The rule granting `get` on secrets is the line right after the comment, now one line up.
  const ruleLine = lines.slice(ignoreLine + 1).findIndex((l) => /apiGroups/.test(l)) + ignoreLine + 1;
  assert.deepEqual(found, [['KSV-0041', 'CRITICAL', ruleLine]]);
});
