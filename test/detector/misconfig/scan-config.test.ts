import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinChecks, configFileType, findingIds, scanConfigFile } from '../../../src/detector/misconfig/index.js';
import { ParseError } from '../../../src/analyzer/parse-error.js';

const NOW = new Date('2025-06-01T00:00:00Z');
const ids = async (text: string, path = 'Dockerfile', skip: string[] = []) =>
  (await scanConfigFile(path, text, { now: NOW, skipChecks: new Set(skip) }))?.failures.map((f) => f.ID) ?? [];

test('config file types: Dockerfiles and Compose files by name, Kubernetes manifests by content', () => {
  assert.equal(configFileType('Dockerfile'), 'dockerfile');
  assert.equal(configFileType('build/Containerfile'), 'dockerfile');
  assert.equal(configFileType('docker/Dockerfile.prod'), 'dockerfile');
  assert.equal(configFileType('api.dockerfile'), 'dockerfile');
  assert.equal(configFileType('DOCKERFILE'), 'dockerfile');
  assert.equal(configFileType('Dockerfile.prod.yaml'), undefined);
  assert.equal(configFileType('not-a-Dockerfile-really.txt'), undefined);
  assert.equal(configFileType('deploy.yaml', 'apiVersion: v1\nkind: Pod\n'), 'kubernetes');
  assert.equal(configFileType('pod.json', '{"apiVersion": "v1", "kind": "Pod"}'), 'kubernetes');
  assert.equal(configFileType('compose.yaml', 'services:\n  web:\n    image: nginx\n'), 'docker-compose');
  assert.equal(configFileType('Chart.yaml', 'apiVersion: v2\nname: chart\n'), undefined);
  assert.equal(configFileType('deploy.yaml'), undefined, 'YAML needs its content');
  assert.equal(configFileType('templates/svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n  labels:\n    {{- include "x" . }}\n'), undefined);
});

test('inline ignores: a file-level failure is silenced from the comment header', async () => {
  const text = '# trivy:ignore:AVD-DS-0002\n# picket:ignore:DS-0026\nFROM alpine:3.19\n';
  const result = await scanConfigFile('Dockerfile', text, { now: NOW, includeNonFailures: true });
  assert.ok(result);
  assert.deepEqual(result.failures, []);
  assert.equal(result.exceptions, 2);
  assert.deepEqual(result.nonFailures?.filter((f) => f.Status === 'EXCEPTION').map((f) => f.ID), ['DS-0002', 'DS-0026']);
  assert.equal(result.nonFailures?.filter((f) => f.Status === 'PASS').length, result.successes);
});

test('inline ignores: a comment (or a block of them) on the line above the cause, and the legacy ids', async () => {
  const text = 'FROM alpine:3.19\nHEALTHCHECK NONE\nUSER app\n#trivy:ignore:DS004\nEXPOSE 22\n# trivy:ignore:DS013\n# trivy:ignore:no-sudo-run\nRUN cd /x && sudo make\nADD a /a\n';
  assert.deepEqual(await ids(text), ['DS-0005']);
  assert.equal((await scanConfigFile('Dockerfile', text, { now: NOW }))?.failures[0].CauseMetadata.StartLine, 9);
  assert.deepEqual(await ids(text.replace(/#.*\n/g, '')), ['DS-0004', 'DS-0005', 'DS-0010', 'DS-0013']);
});

test('inline ignores expire, and name only the checks they list', async () => {
  const base = 'FROM alpine:3.19\nHEALTHCHECK NONE\n';
  assert.deepEqual(await ids(`${base}# trivy:ignore:AVD-DS-0002:exp:2024-12-31\nUSER root\n`), ['DS-0002']);
  assert.deepEqual(await ids(`${base}# trivy:ignore:AVD-DS-0002:exp:2025-12-31\nUSER root\n`), []);
  assert.deepEqual(await ids(`${base}# trivy:ignore:AVD-DS-0001\nUSER root\n`), ['DS-0002']);
  assert.deepEqual(await ids(`${base}# trivy:ignore:*\nUSER root\n`), []);
});

test('--skip-check takes any id or alias of a check', async () => {
  const text = 'FROM alpine\n';
  assert.deepEqual(await ids(text), ['DS-0001', 'DS-0002', 'DS-0026']);
  assert.deepEqual(await ids(text, 'Dockerfile', ['DS002', 'avd-ds-0026', 'docker-use-specific-tags']), []);
  const result = await scanConfigFile('Dockerfile', text, { skipChecks: new Set(['DS-0002']) });
  assert.equal(result?.successes, 24, '27 checks run, 2 of them fail, DS-0002 skipped');
});

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  automountServiceAccountToken: false
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001
    runAsGroup: 10001
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: web
      image: registry.example.com/web:1.0
      ports:
        - containerPort: 8080
      resources:
        limits: {cpu: 500m, memory: 128Mi}
        requests: {cpu: 100m, memory: 64Mi}
      securityContext:
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities:
          drop: ["ALL"]
`;

test('a hardened pod passes every Kubernetes check', async () => {
  const result = await scanConfigFile('pod.yaml', POD);
  assert.ok(result);
  assert.deepEqual(result.failures.map((f) => `${f.ID}: ${f.Message}`), []);
  assert.equal(result.type, 'kubernetes');
  const forPods = (await builtinChecks()).kubernetes.filter((check) => !check.deprecated && (!check.kinds || check.kinds.includes('pod')));
  assert.equal(result.successes, forPods.length);
});

test('Kubernetes: one result per file for every document, List items included, with lines', async () => {
  const privileged = POD.replace('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: false\n        privileged: true');
  const list = `apiVersion: v1\nkind: List\nitems:\n${privileged.replace(/^/gm, '  ').replace(/^  apiVersion/, '- apiVersion').trimEnd()}\n`;
  const text = `${POD}---\n# a comment\n${privileged}---\n${list}`;
  const result = await scanConfigFile('all.yaml', text);
  assert.ok(result);
  const privilegedFindings = result.failures.filter((f) => f.ID === 'KSV-0017');
  assert.deepEqual(privilegedFindings.map((f) => [f.CauseMetadata.StartLine, f.CauseMetadata.EndLine]), [[43, 55], [74, 86]]);
  assert.match(privilegedFindings[0].CauseMetadata.Code?.Lines[0].Content ?? '', /- name: web/);
});

test('Kubernetes inline ignores: above the container or above the object', async () => {
  const privileged = POD.replace('    - name: web', '    # trivy:ignore:KSV-0017\n    - name: web').replace('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: false\n        privileged: true');
  const result = await scanConfigFile('pod.yaml', privileged);
  assert.deepEqual([result?.failures.length, result?.exceptions], [0, 1]);
  const wholeObject = `# picket:ignore:*\n${POD.replace('namespace: shop', 'namespace: default')}`;
  assert.deepEqual((await scanConfigFile('pod.yaml', wholeObject))?.failures, []);
});

test('YAML without Kubernetes objects is not scanned; invalid YAML is a ParseError with its line', async () => {
  assert.equal(await scanConfigFile('values.yaml', 'replicas: 2\n', { type: 'kubernetes' }), undefined);
  await assert.rejects(
    scanConfigFile('bad.yaml', 'apiVersion: v1\nkind: Pod\nspec: [\n', { type: 'kubernetes' }),
    (error: unknown) => error instanceof ParseError && error.file === 'bad.yaml' && error.line !== undefined,
  );
});

test('findingIds gives every id an ignore file may use', async () => {
  const [finding] = (await scanConfigFile('Dockerfile', 'FROM alpine:3.19\nHEALTHCHECK NONE\n'))?.failures ?? [];
  assert.deepEqual(await findingIds(finding), ['DS-0002', 'AVD-DS-0002', 'DS002', 'least-privilege-user', 'docker-least-privilege-user']);
});
