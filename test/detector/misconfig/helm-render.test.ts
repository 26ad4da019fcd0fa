import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { create } from 'tar';
import { scanConfigTree } from '../../../src/detector/misconfig/index.js';
import { chartValues, loadChart } from '../../../src/detector/misconfig/helm/chart.js';
import { renderChart } from '../../../src/detector/misconfig/helm/render.js';
import { Renderer } from '../../../src/detector/misconfig/helm/template/execute.js';
import { FUNCTIONS } from '../../../src/detector/misconfig/helm/template/functions.js';
import { parseTemplate } from '../../../src/detector/misconfig/helm/template/parse.js';
import { repoRoot, sharedPath } from '../../support/paths.js';
import { tempDir } from '../../support/temp.js';
import { readTree } from './tree-files.js';

/** Renders one template text with `data` as dot (defines of `helpers` available). */
function render(text: string, data: unknown = {}, helpers = ''): string {
  const main = parseTemplate('t', text);
  const partials = parseTemplate('h', helpers);
  const renderer = new Renderer(new Map([...partials.defines, ...main.defines]), FUNCTIONS);
  return renderer.render(main.body, data);
}

test('Go templates: actions, trim markers, comments, variables, if/else if/else, with, range, break', () => {
  const values = { name: 'web', replicas: 3, tags: ['a', 'b'], env: { B: '2', A: '1' }, empty: [], off: false };
  assert.equal(render('x {{- .name -}} y', values), 'xweby');
  assert.equal(render('{{/* comment */}}{{ .replicas }}', values), '3');
  assert.equal(render('{{ $n := .name }}{{ $n }}{{ $n = "z" }}{{ $n }}', values), 'webz');
  assert.equal(render('{{ if .off }}a{{ else if .empty }}b{{ else }}c{{ end }}', values), 'c');
  assert.equal(render('{{ with .env }}{{ .A }}{{ else }}none{{ end }}', values), '1');
  assert.equal(render('{{ range $i, $t := .tags }}{{ $i }}={{ $t }};{{ end }}', values), '0=a;1=b;');
  assert.equal(render('{{ range $k, $v := .env }}{{ $k }}{{ $v }}{{ end }}', values), 'A1B2', 'maps range in key order');
  assert.equal(render('{{ range .empty }}x{{ else }}none{{ end }}', values), 'none');
  assert.equal(render('{{ range .tags }}{{ if eq . "b" }}{{ break }}{{ end }}{{ . }}{{ end }}', values), 'a');
  assert.equal(render('{{ range .tags }}{{ $.name }}{{ end }}', values), 'webweb');
  assert.equal(render('{{ .missing.deeper }}|{{ .missing | default "d" }}', values), '|d');
});

test('named templates: define, template, include with pipelines (nindent, indent, quote, trunc, trimSuffix, printf)', () => {
  const helpers = '{{- define "app.name" -}}{{ printf "%s-%s" .name "chart-that-is-long" | trunc 12 | trimSuffix "-" }}{{- end }}';
  assert.equal(render('{{ include "app.name" . | quote }}', { name: 'web' }, helpers), '"web-chart-th"');
  assert.equal(render('{{ template "app.name" . }}', { name: 'ab' }, helpers), 'ab-chart-tha');
  assert.equal(render('labels:{{ include "l" . | nindent 2 }}', {}, '{{ define "l" }}a: 1\nb: 2{{ end }}'), 'labels:\n  a: 1\n  b: 2');
  assert.equal(render('{{ "x\ny" | indent 3 }}'), '   x\n   y');
  // the common-library idiom: a dict as the context of an included template
  const common = '{{- define "render" -}}{{ if typeIs "string" .value }}{{ tpl .value .context }}{{ else }}{{ toYaml .value }}{{ end }}{{- end -}}';
  assert.equal(render('{{ include "render" (dict "value" "{{ .Values.n }}" "context" $) }}', { Values: { n: 'ok' } }, common), 'ok');
  assert.equal(render('{{- /* trimmed comment */ -}} a', {}), 'a');
});

test('method values: .Capabilities.APIVersions.Has, .Files.Get', () => {
  const data = { Capabilities: { APIVersions: { Has: (v: unknown) => v === 'apps/v1' } }, Files: { Get: (name: unknown) => `content of ${String(name)}` } };
  assert.equal(render('{{ if .Capabilities.APIVersions.Has "apps/v1" }}yes{{ end }}{{ if $.Capabilities.APIVersions.Has "x/v9" }}no{{ end }}', data), 'yes');
  assert.equal(render('{{ .Files.Get "conf.ini" | upper }}', data), 'CONTENT OF CONF.INI');
});

test('sprig and Helm functions charts use', () => {
  assert.equal(render('{{ toYaml .v }}', { v: { b: [1, 'true'], a: { c: {} } } }), 'a:\n  c: {}\nb:\n- 1\n- "true"');
  assert.equal(render('{{ toJson .v }}', { v: { a: [1] } }), '{"a":[1]}');
  assert.equal(render('{{ default "x" .v }}|{{ default "x" "" }}|{{ empty .e }}', { v: 'set', e: {} }), 'set|x|true');
  assert.equal(render('{{ coalesce .a .b "c" }}|{{ ternary "y" "n" true }}', { a: '', b: 'b' }), 'b|y');
  assert.equal(render('{{ upper "a" }}{{ lower "B" }}{{ title "hi there" }}{{ replace "-" "_" "a-b" }}'), 'AbHi Therea_b');
  assert.equal(render('{{ list 1 2 | len }}|{{ dict "a" 1 "b" 2 | keys | sortAlpha | join "," }}|{{ has 2 (list 1 2) }}'), '2|a,b|true');
  assert.equal(render('{{ $d := dict "a" 1 }}{{ $_ := set $d "b" 2 }}{{ hasKey $d "b" }}{{ get $d "a" }}'), 'true1');
  assert.equal(render('{{ add 1 2 }}{{ sub 5 3 }}{{ mul 2 3 }}{{ div 7 2 }}{{ max 1 9 }}'), '32639');
  assert.equal(render('{{ semverCompare ">=1.19-0" "v1.20.0" }}{{ semverCompare "<1.14" "v1.20.0" }}'), 'truefalse');
  assert.equal(render('{{ b64enc "x" }}{{ "YQ==" | b64dec }}'), 'eA==a');
  assert.equal(render('{{ regexMatch "^a+$" "aaa" }}{{ regexReplaceAll "[0-9]" "a1b2" "#" }}'), 'truea#b#');
  assert.equal(render('{{ tpl "{{ .name }}-x" . }}', { name: 'n' }), 'n-x');
  assert.equal(render('{{ lookup "v1" "Secret" "ns" "name" | len }}'), '0');
  assert.equal(render('{{ .big }}', { big: 1000000 }), '1e+06', 'values are float64 in Helm: large numbers print in exponent form');
  assert.throws(() => render('{{ required "image.tag is required" .tag }}'), /image\.tag is required/);
  assert.throws(() => render('{{ fail "no" }}'), /no/);
});

test('helm_testchart renders byte for byte as the hand-rendered manifests trivy reports (default and overridden values)', () => {
  const files = readTree(sharedPath('fixtures/trivy-integration/fixtures/repo/helm_testchart'));
  const chart = loadChart(files, 'helm_testchart');
  const expected = (name: string) => readFileSync(join(repoRoot, 'test/fixtures/misconfig/helm-rendered', name), 'utf8').replace(/\n$/, '');
  const manifests = renderChart(chart, chartValues(chart, {}));
  assert.deepEqual(manifests.map((m) => m.template), ['templates/deployment.yaml', 'templates/service.yaml', 'templates/serviceaccount.yaml']);
  assert.equal(manifests[0].text, expected('testchart-deployment.yaml'));
  assert.equal(manifests[1].text, expected('testchart-service.yaml'));
  assert.equal(manifests[2].text, expected('testchart-serviceaccount.yaml'));
  const overridden = renderChart(chart, chartValues(chart, { valueFiles: [{ path: 'v.yaml', content: 'securityContext:\n  runAsUser: 0' }] }));
  assert.equal(overridden[0].text, expected('testchart-deployment-overridden.yaml'));
});

test('--helm-set, --helm-set-string and values files change the rendering; ingress needs semverCompare and set', () => {
  const files = readTree(sharedPath('fixtures/trivy-integration/fixtures/repo/helm_testchart'));
  const chart = loadChart(files, 'helm_testchart');
  const values = chartValues(chart, {
    valueFiles: [{ path: 'a.yaml', content: 'ingress:\n  enabled: true\n  className: nginx\n' }],
    set: ['replicaCount=5,image.tag=2.0', 'ingress.hosts[0].host=example.com'],
    setString: ['podAnnotations.version=10'],
  });
  const manifests = renderChart(chart, values);
  const deployment = manifests.find((m) => m.template === 'templates/deployment.yaml')?.text ?? '';
  assert.match(deployment, /replicas: 5/);
  assert.match(deployment, /image: "nginx:2\.0"/);
  assert.match(deployment, /version: "10"/);
  const ingress = manifests.find((m) => m.template === 'templates/ingress.yaml')?.text ?? '';
  assert.match(ingress, /apiVersion: networking\.k8s\.io\/v1\n/);
  assert.match(ingress, /ingressClassName: nginx/);
  assert.match(ingress, /- host: "example\.com"/);
});

test('a packaged chart (.tgz) is rendered and reported as <package>:templates/x.yaml; sub-charts get their values', async () => {
  const dir = tempDir('picket-helm-tgz-');
  const { mkdir, writeFile } = await import('node:fs/promises');
  await mkdir(join(dir, 'app/templates'), { recursive: true });
  await mkdir(join(dir, 'app/charts/db/templates'), { recursive: true });
  await writeFile(join(dir, 'app/Chart.yaml'), 'apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n  - name: db\n    version: 1.0.0\n    condition: db.enabled\n');
  await writeFile(join(dir, 'app/values.yaml'), 'db:\n  enabled: true\n  privileged: true\n');
  await writeFile(join(dir, 'app/templates/pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  containers:\n    - name: c\n      image: "nginx:1.27"\n');
  await writeFile(join(dir, 'app/charts/db/Chart.yaml'), 'apiVersion: v2\nname: db\nversion: 1.0.0\n');
  await writeFile(join(dir, 'app/charts/db/values.yaml'), 'privileged: false\n');
  await writeFile(
    join(dir, 'app/charts/db/templates/pod.yaml'),
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: db\n  namespace: data\nspec:\n  containers:\n    - name: db\n      image: "postgres:16"\n      securityContext:\n        privileged: {{ .Values.privileged }}\n',
  );
  const tgz = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    create({ cwd: dir, gzip: false, portable: true }, ['app'])
      .on('data', (c: Buffer) => chunks.push(c))
      .on('end', () => resolve(gzipSync(Buffer.concat(chunks))))
      .on('error', reject);
  });
  const scan = await scanConfigTree(new Map([['charts/app-1.0.0.tgz', tgz]]));
  assert.deepEqual(scan.errors, []);
  assert.deepEqual(scan.results.map((r) => r.filePath), ['charts/app-1.0.0.tgz:charts/db/templates/pod.yaml', 'charts/app-1.0.0.tgz:templates/pod.yaml']);
  const db = scan.results[0];
  assert.ok(db.failures.some((f) => f.ID === 'KSV-0017'), 'the sub-chart sees the parent values under its name');
  assert.equal(db.failures.find((f) => f.ID === 'KSV-0017')?.CauseMetadata.Code?.Lines[0].Content.includes('- name: db'), true);
  const disabled = await scanConfigTree(new Map([['charts/app-1.0.0.tgz', tgz]]), { helm: { set: ['db.enabled=false'] } });
  assert.deepEqual(disabled.results.map((r) => r.filePath), ['charts/app-1.0.0.tgz:templates/pod.yaml'], 'a dependency whose condition is false is not rendered');
});

test('template errors are warnings naming the template; the chart is skipped', async () => {
  const files = new Map<string, Buffer>([
    ['chart/Chart.yaml', Buffer.from('apiVersion: v2\nname: c\nversion: 0.1.0\n')],
    ['chart/templates/a.yaml', Buffer.from('{{ if .Values.x }}\nkind: Pod\n')],
    ['chart/templates/b.yaml', Buffer.from('{{ required "tag is required" .Values.tag }}\n')],
  ]);
  const scan = await scanConfigTree(files);
  assert.deepEqual(scan.results, []);
  assert.equal(scan.errors.length, 1);
  assert.match(scan.errors[0].message, /^chart\/templates\/a\.yaml: template syntax error/);
  files.set('chart/templates/a.yaml', Buffer.from('kind: ConfigMap\n'));
  assert.match((await scanConfigTree(files)).errors[0].message, /^chart\/templates\/b\.yaml: render error: tag is required/);
});
