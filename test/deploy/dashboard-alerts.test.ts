/**
 * The Grafana dashboard (deploy/grafana) and the alerting rules (deploy/prometheus): the
 * dashboard is Grafana schema 39 JSON with a Prometheus data-source variable and the namespace
 * and severity variables, every panel reads only metrics of the operator's contract, and every
 * expression parses (checked by the real promtool as recording rules); the alerts pass
 * `promtool check rules` and `promtool test rules` (test/deploy/picket-alerts.promtest.yaml:
 * each alert fires on series that should raise it and not on those that should not). The
 * promtool parts are skipped when Debian's `prometheus` package is not installed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify, parse } from 'yaml';
import { tempDir } from '../support/temp.js';
import { deployDir, isDefaultProcessMetric, SPEC_METRICS } from './deploy-files.js';
import { hasPromtool, metricNames, promtool, withGrafanaVariables } from './promql.js';

const NO_PROMTOOL = hasPromtool ? false : 'promtool is not installed (apt-get install --no-install-recommends prometheus)';
const dashboardPath = join(deployDir, 'grafana', 'picket-operator-dashboard.json');
const alertsPath = join(deployDir, 'prometheus', 'picket-alerts.yaml');

interface Target { expr: string; refId: string; datasource: { type: string; uid: string } }
interface Panel { id: number; type: string; title: string; datasource: { type: string; uid: string }; targets: Target[] }
interface Variable { name: string; type: string; query: unknown; includeAll?: boolean; multi?: boolean }
interface Dashboard { schemaVersion: number; uid: string; title: string; panels: Panel[]; templating: { list: Variable[] } }
interface RuleFile { groups: { name: string; rules: { alert?: string; record?: string; expr: string }[] }[] }

const dashboard = JSON.parse(readFileSync(dashboardPath, 'utf8')) as Dashboard;
const targets = dashboard.panels.flatMap((p) => p.targets.map((t) => ({ panel: p.title, ...t })));
const isContractMetric = (name: string) => SPEC_METRICS.has(name) || isDefaultProcessMetric(name);

test('metricNames finds the selected metrics, not functions, labels, keywords or variables', () => {
  assert.deepEqual(metricNames('histogram_quantile(0.95, sum by (le, mode) (rate(picket_scan_duration_seconds_bucket{job=~"$job"}[$__rate_interval])))'), ['picket_scan_duration_seconds_bucket']);
  assert.deepEqual(metricNames('sum(rate(a_total[5m])) / sum(rate(b_total[5m])) > 0.25 and on (x) c unless d offset 1h'), ['a_total', 'b_total', 'c', 'd']);
  assert.deepEqual(metricNames('time() - max(x_seconds) > 3 * 86400 or vector(1e3)'), ['x_seconds']);
});

test('the dashboard: schema 39, a Prometheus data-source variable used by every panel, namespace and severity variables', () => {
  assert.equal(dashboard.schemaVersion, 39);
  assert.equal(dashboard.uid, 'picket-operator');
  const variables = new Map(dashboard.templating.list.map((v) => [v.name, v]));
  assert.deepEqual([variables.get('datasource')?.type, variables.get('datasource')?.query], ['datasource', 'prometheus']);
  for (const name of ['namespace', 'severity']) assert.ok(variables.get(name)?.includeAll && variables.get(name)?.multi, name);
  assert.equal(variables.get('severity')?.query, 'CRITICAL,HIGH,MEDIUM,LOW,UNKNOWN');
  assert.equal(new Set(dashboard.panels.map((p) => p.id)).size, dashboard.panels.length, 'panel ids are unique');
  for (const p of dashboard.panels) {
    assert.deepEqual(p.datasource, { type: 'prometheus', uid: '${datasource}' }, p.title);
    for (const t of p.targets) assert.deepEqual(t.datasource, { type: 'prometheus', uid: '${datasource}' }, p.title);
  }
  for (const t of targets.filter((x) => /picket_(image|resource)_/.test(x.expr))) assert.match(t.expr, /namespace=~"\$namespace"/, `${t.panel} filters by namespace`);
});

test('the dashboard has the panels the brief names, each reading the right metric', () => {
  const panel = (title: string) => {
    const found = dashboard.panels.find((p) => p.title === title);
    assert.ok(found, `panel ${title}`);
    return { type: found.type, metrics: [...new Set(found.targets.flatMap((t) => metricNames(t.expr)))].sort(), exprs: found.targets.map((t) => t.expr) };
  };
  assert.deepEqual(panel('Vulnerabilities by severity').type, 'stat');
  assert.deepEqual(panel('Vulnerabilities by severity').metrics, ['picket_image_vulnerabilities']);
  assert.match(panel('Vulnerabilities by severity').exprs[0], /sum by \(severity\)/);
  const top = panel('Top images by critical + high');
  assert.equal(top.type, 'table');
  assert.match(top.exprs[0], /topk\(\d+, .*severity=~"CRITICAL\|HIGH"/);
  assert.deepEqual(panel('Config-audit failures by namespace').metrics, ['picket_resource_configaudits']);
  assert.match(panel('Config-audit failures by namespace').exprs[0], /sum by \(namespace\)/);
  assert.deepEqual(panel('Exposed secrets').metrics, ['picket_image_exposedsecrets']);
  assert.match(panel('Scan duration p95').exprs[0], /^histogram_quantile\(0\.95, .*picket_scan_duration_seconds_bucket/);
  assert.deepEqual(panel('Scan queue depth').metrics, ['picket_scan_queue_depth']);
  assert.deepEqual(panel('Scans per second').metrics, ['picket_scans_failed_total', 'picket_scans_total']);
});

test('every dashboard expression reads only metrics of the operator\'s contract', () => {
  const used = new Set<string>();
  for (const t of targets) {
    const names = metricNames(t.expr);
    assert.ok(names.length > 0, `${t.panel}: ${t.expr}`);
    for (const name of names) {
      assert.ok(isContractMetric(name), `${t.panel}: ${name} is not a metric of the contract`);
      used.add(name);
    }
  }
  assert.ok(!used.has('picket_vulnerability_id'), 'the opt-in per-vulnerability series is not needed by the dashboard');
});

test('every dashboard expression parses (promtool check rules)', { skip: NO_PROMTOOL }, async () => {
  const file = join(tempDir('picket-dashboard-rules-'), 'dashboard-rules.yaml');
  const rules = targets.map((t, i) => ({ record: `picket_dashboard:panel_${i}`, expr: withGrafanaVariables(t.expr) }));
  writeFileSync(file, stringify({ groups: [{ name: 'dashboard', rules }] }));
  const r = await promtool(['check', 'rules', file]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`SUCCESS: ${rules.length} rules found`));
  // promtool does reject a broken expression
  writeFileSync(file, stringify({ groups: [{ name: 'broken', rules: [{ record: 'x:y', expr: 'sum by (le (rate(x[5m]))' }] }] }));
  assert.notEqual((await promtool(['check', 'rules', file])).code, 0);
});

test('the alerts name the contract\'s metrics; promtool check rules accepts them', { skip: NO_PROMTOOL }, async () => {
  const file = parse(readFileSync(alertsPath, 'utf8')) as RuleFile;
  const alerts = file.groups.flatMap((g) => g.rules);
  assert.deepEqual(alerts.map((a) => a.alert), ['PicketCriticalVulnerabilities', 'PicketScansFailing', 'PicketScanQueueBackingUp', 'PicketVulnerabilityDBStale']);
  for (const a of alerts) for (const name of metricNames(a.expr)) assert.ok(isContractMetric(name), `${a.alert}: ${name}`);
  const r = await promtool(['check', 'rules', alertsPath]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /SUCCESS: 4 rules found/);
});

test('the alerts fire when they should and not otherwise (promtool test rules)', { skip: NO_PROMTOOL }, async () => {
  const r = await promtool(['test', 'rules', 'test/deploy/picket-alerts.promtest.yaml']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /SUCCESS/);
});
