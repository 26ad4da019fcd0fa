/** `--format template`: Go text/template syntax on the report's Results, as trivy's templates use it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { goldenReport, render, secretsAndMisconfigReport } from './support.js';
import { trivyIntegration } from '../../support/fixture-db.js';
import { tempDir } from '../../support/temp.js';
import { loadTemplate } from '../../../src/report/writers/template.js';
import { UserError } from '../../../src/errors.js';

const tpl = (text: string, report = goldenReport('alpine-310.json.golden')) => render('template', report, { template: text });

// A JUnit template in trivy's style: trim markers, variables, range, if/else, len, escapeXML.
const junit = `<?xml version="1.0" ?>
<testsuites name="trivy">
{{- range . -}}
{{- $failures := len .Vulnerabilities }}
    <testsuite tests="{{ $failures }}" failures="{{ $failures }}" name="{{  .Target }}" errors="0" skipped="0" time="">
    {{- if not (eq .Type "") }}
        <properties>
            <property name="type" value="{{ .Type }}"></property>
        </properties>
        {{- end -}}
        {{ range .Vulnerabilities }}
        <testcase classname="{{ .PkgName }}-{{ .InstalledVersion }}" name="[{{ .Vulnerability.Severity }}] {{ .VulnerabilityID }}" time="">
            <failure message="{{ escapeXML .Title }}" type="description">{{ escapeXML .Description }}</failure>
        </testcase>
    {{- end }}
    </testsuite>
{{- if .MisconfSummary }}
    <testsuite tests="{{ add .MisconfSummary.Successes .MisconfSummary.Failures }}" failures="{{ .MisconfSummary.Failures }}" name="{{  .Target }}" errors="0" skipped="{{ .MisconfSummary.Exceptions }}" time="">
{{- else }}
    <testsuite tests="0" failures="0" name="{{  .Target }}" errors="0" skipped="0" time="">
{{- end }}
    {{- if not (eq .Type "") }}
        <properties>
            <property name="type" value="{{ .Type }}"></property>
        </properties>
        {{- end -}}
        {{ range .Misconfigurations }}
        <testcase classname="{{ .Type }}" name="[{{ .Severity }}] {{ .ID }}" time="">
        {{- if (eq .Status "FAIL") }}
            <failure message="{{ escapeXML .Title }}" type="description">{{ escapeXML .Description }}</failure>
        {{- end }}
        </testcase>
    {{- end }}
    </testsuite>
{{- end }}
</testsuites>
`;

test('a JUnit template in trivy\'s style gives trivy\'s alpine-310 JUnit golden byte for byte', async () => {
  assert.equal(await tpl(junit), readFileSync(trivyIntegration('alpine-310.junit.golden'), 'utf8'));
});

test('a GitLab-style JSON template: printf %q, regexFind, sha1sum, list/join, toJson, else-if chains', async () => {
  const text = `[{{- $first := true }}{{ range . }}{{ $image := .Target | regexFind "[^\\\\s]+" }}{{ range .Vulnerabilities }}
{{- if $first }}{{ $first = false }}{{ else }},{{ end }}
{"id":{{ .VulnerabilityID | printf "%q" }},"image":"{{ $image }}","sev":{{ if eq .Severity "CRITICAL" }}"c"{{ else if eq .Severity "MEDIUM" }}"m"{{ else }}"o"{{ end }},
"fp":"{{ list .VulnerabilityID .PkgName .InstalledVersion | join "" | sha1sum }}","refs":{{ .References | len }},"fix":{{ toJson .FixedVersion }}}
{{- end }}{{ end }}]`;
  const out = JSON.parse(await tpl(text)) as { id: string; image: string; sev: string; fp: string; refs: number; fix: string }[];
  assert.deepEqual(out.map((o) => `${o.id} ${o.image} ${o.sev} ${o.fix}`), [
    'CVE-2019-1549 testdata/fixtures/images/alpine-310.tar.gz m 1.1.1d-r0',
    'CVE-2019-1551 testdata/fixtures/images/alpine-310.tar.gz m 1.1.1d-r2',
    'CVE-2019-1549 testdata/fixtures/images/alpine-310.tar.gz m 1.1.1d-r0',
    'CVE-2019-1551 testdata/fixtures/images/alpine-310.tar.gz m 1.1.1d-r2',
  ]);
  assert.match(out[0].fp, /^[0-9a-f]{40}$/);
  assert.ok(out[0].refs > 10);
});

test('range with index and else, with, define/template, break, comments, now/date, appVersion, env', async () => {
  const text = `{{/* a comment */}}{{ define "row" }}{{ .ID }}@{{ .Severity }}{{ end -}}
{{ range $i, $r := . }}{{ $i }}:{{ $r.Target }}{{ with $r.Misconfigurations }} checks={{ len . }}{{ range . }} {{ template "row" . }}{{ if eq .Status "PASS" }}{{ break }}{{ end }}{{ end }}{{ else }} no-checks{{ end }}
{{ end }}{{ range .NoSuch }}x{{ else }}empty{{ end }} {{ now | date "2006-01-02T15:04:05Z07:00" }} {{ appVersion }} [{{ env "PICKET_TEMPLATE_TEST" }}]`;
  const out = await render('template', secretsAndMisconfigReport(), { template: text, env: { PICKET_TEMPLATE_TEST: 'yes' } });
  assert.equal(out, '0:deploy.sh no-checks\n1:Dockerfile checks=3 DS-0002@HIGH DS-0001@MEDIUM DS-0005@LOW\nempty 2021-08-25T12:20:30Z dev [yes]');
});

test('errors name the line: bad syntax, unknown function, unclosed block; @FILE reads a template', async () => {
  await assert.rejects(tpl('ok\n{{ if . }}never closed'), (e: Error) => e instanceof UserError && /^template: line 2: unclosed \{\{if\}\}/.test(e.message));
  await assert.rejects(tpl('{{ nosuch . }}'), (e: Error) => e instanceof UserError && /function "nosuch" not defined/.test(e.message));
  await assert.rejects(tpl('a\n\n{{ .Target'), (e: Error) => e instanceof UserError && /line 3: unclosed action/.test(e.message));
  await assert.rejects(render('template', goldenReport('alpine-310.json.golden')), /--format template needs --template/);
  const dir = tempDir();
  writeFileSync(join(dir, 'count.tpl'), '{{ range . }}{{ len .Vulnerabilities }}{{ end }}');
  assert.equal(await tpl(await loadTemplate(`@${join(dir, 'count.tpl')}`)), '4');
  assert.equal(await loadTemplate('{{ . }}'), '{{ . }}', 'without @ the value is the template');
  await assert.rejects(loadTemplate(`@${join(dir, 'missing.tpl')}`), (e: Error) => e instanceof UserError && /cannot read template .*missing\.tpl: no such file/.test(e.message));
});

test('templates see data only: no prototype or constructor, no functions', async () => {
  assert.equal(await tpl('{{ range . }}[{{ .constructor }}][{{ .__proto__ }}][{{ .toString }}]{{ end }}'), '[][][]');
});
