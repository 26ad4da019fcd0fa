/**
 * The CI templates run as the CI systems would run them, against images in a real registry
 * (docker-registry with htpasswd auth on 127.0.0.1), built with umoci and pushed with skopeo:
 *
 * - ci/gitlab/picket.gitlab-ci.yml: the job's variables are expanded the way GitLab expands them
 *   (predefined CI_* variables of a pipeline, then the template's, then the job's), each script
 *   line runs in bash in the project directory, stopping at the first failure as a job does; the
 *   artifacts it declares exist and validate (GitLab container-scanning report, HTML, CycloneDX),
 *   the table lists the fixable HIGH finding, and the gate fails exactly when a fixable CRITICAL
 *   is in the image. `picket` is the CLI of this work tree (the job image's entrypoint).
 * - action.yml: its `run:` steps run as `bash --noprofile --norc -eo pipefail` with the `${{ }}`
 *   expressions of their env evaluated (inputs, step outputs), GITHUB_OUTPUT / GITHUB_PATH /
 *   RUNNER_TEMP as a runner provides them; the install step installs the package tarball with npm;
 *   the upload step (a pinned github/codeql-action) is not run, its SARIF is validated against
 *   the SARIF 2.1.0 schema; the last step fails with the exit code asked for.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import picomatch from 'picomatch';
import { parse } from 'yaml';
import { cyclonedxErrors, gitlabErrors, sarifErrors } from '../report/writers/schemas.js';
import { cachedTarball } from '../support/picket-image.js';
import { repoRoot, sharedPath } from '../support/paths.js';
import { startRegistry } from '../support/registry.js';
import { tempDir } from '../support/temp.js';
import { runCommand, type RunResult } from '../support/run-command.js';
import { buildUmociImage, skopeo } from '../support/umoci-image.js';

/** Runs a command to its end; the default time limit of these tests is 600_000 ms. */
function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  return runCommand(command, args, { ...options, timeoutMs: options.timeoutMs ?? 600_000 });
}

/** The machine's environment without anything picket, npm-run or CI-specific leaking in. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(npm_|PICKET_|CI_|GITHUB_|RUNNER_|DOCKER_)/i.test(key) && key !== 'NO_COLOR' && key !== 'CI') env[key] = value;
  }
  return env;
}

// Two images of one project: commit A has a fixable CRITICAL (json-schema 0.3.0), commit B not.
// Both have a fixable HIGH (lodash 4.17.20) and an unfixed CRITICAL (babel-traverse 6.26.0).
const NODE_MODULES = 'srv/app/node_modules';
const npmPackage = (name: string, version: string) => ({ [`${NODE_MODULES}/${name}/package.json`]: `${JSON.stringify({ name, version, license: 'MIT' })}\n` });
const COMMIT_A = 'a'.repeat(40);
const COMMIT_B = 'b'.repeat(40);
const registry = await startRegistry('basic');
const project = `${registry.host}/acme/shop`;
const layout = join(tempDir('picket-ci-images-'), 'layout');
buildUmociImage(layout, { tag: 'a', layers: [{ files: { 'etc/hostname': 'shop\n', ...npmPackage('lodash', '4.17.20'), ...npmPackage('babel-traverse', '6.26.0') } }, { files: npmPackage('json-schema', '0.3.0') }] });
buildUmociImage(layout, { tag: 'b', layers: [{ files: { 'etc/hostname': 'shop\n', ...npmPackage('lodash', '4.17.20'), ...npmPackage('babel-traverse', '6.26.0') } }] });
for (const [tag, commit] of [['a', COMMIT_A], ['b', COMMIT_B]]) {
  skopeo('copy', '--dest-tls-verify=false', '--dest-creds', `${registry.username}:${registry.password}`, `oci:${layout}:${tag}`, `docker://${project}:${commit}`);
}
/** The advisories the scans use: GitHub's npm advisories from db-seed (a project CI/CD variable). */
const DB_SOURCES = sharedPath('db-seed/osv/ghsa-npm');

/** `picket` on PATH: this work tree's CLI, as the job image's entrypoint would be. */
const shims = tempDir('picket-ci-bin-');
writeFileSync(join(shims, 'picket'), `#!/bin/sh\nexec "${process.execPath}" "${join(repoRoot, 'bin', 'picket.js')}" "$@"\n`);
chmodSync(join(shims, 'picket'), 0o755);

/** GitLab's expansion of `$NAME` / `${NAME}` in variables: unknown names become empty. */
function expandGitlab(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, braced: string | undefined, bare: string | undefined) => vars[braced ?? bare ?? ''] ?? '');
}

interface GitlabJob {
  stage: string;
  image: { name: string; entrypoint: string[] };
  variables: Record<string, string>;
  script: string[];
  cache: { key: string; paths: string[] };
  artifacts: { when: string; reports: { container_scanning: string; cyclonedx: string[] }; paths: string[] };
}
const gitlabTemplate = parse(readFileSync(join(repoRoot, 'ci/gitlab/picket.gitlab-ci.yml'), 'utf8')) as { variables: Record<string, string> } & Record<string, GitlabJob>;
const job = gitlabTemplate['picket-container-scanning'];

interface JobRun {
  dir: string;
  /** Exit code of each script line run (the job stops at the first non-zero). */
  codes: number[];
  outputs: string[];
}

/** Runs the job for a pipeline of `commit` in a fresh project directory. */
async function runGitlabJob(commit: string): Promise<JobRun> {
  const dir = tempDir('picket-gitlab-project-');
  const predefined: Record<string, string> = {
    CI: 'true',
    GITLAB_CI: 'true',
    CI_PROJECT_DIR: dir,
    CI_PROJECT_NAME: 'shop',
    CI_PROJECT_PATH: 'acme/shop',
    CI_REGISTRY: registry.host,
    CI_REGISTRY_IMAGE: project,
    CI_REGISTRY_USER: registry.username,
    CI_REGISTRY_PASSWORD: registry.password,
    CI_COMMIT_SHA: commit,
    CI_COMMIT_SHORT_SHA: commit.slice(0, 8),
    CI_DEFAULT_BRANCH: 'main',
    // A project CI/CD variable: where the advisory DB is built from.
    PICKET_DB_SOURCES: DB_SOURCES,
  };
  const vars: Record<string, string> = { ...predefined };
  for (const [k, v] of Object.entries(gitlabTemplate.variables)) vars[k] = expandGitlab(String(v), predefined);
  const global = { ...vars };
  for (const [k, v] of Object.entries(job.variables)) vars[k] = expandGitlab(String(v), global);
  const env = { ...baseEnv(), ...vars, PATH: [shims, dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(delimiter), HOME: tempDir('picket-gitlab-home-') };
  const codes: number[] = [];
  const outputs: string[] = [];
  for (const line of job.script) {
    const r = await run('bash', ['-e', '-o', 'pipefail', '-c', line], { cwd: dir, env, timeoutMs: 300_000 });
    codes.push(r.code ?? -1);
    outputs.push(r.stdout);
    if (r.code !== 0) {
      if (r.stderr.trim() !== '' && !/CRITICAL/.test(line)) process.stdout.write(`# ${line}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}\n`);
      break;
    }
  }
  return { dir, codes, outputs };
}

/** The files of `dir` matching a GitLab artifacts glob. */
function artifactFiles(dir: string, pattern: string): string[] {
  const matches = picomatch(pattern.replace(/\/$/, '/**'), { dot: true });
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => matches(f));
}

test('GitLab template: the job is what the docs say (image by variable, artifacts always, both report kinds)', () => {
  assert.equal(job.image.name, '$PICKET_IMAGE');
  assert.deepEqual(job.image.entrypoint, ['']);
  assert.equal(job.artifacts.when, 'always');
  assert.equal(job.artifacts.reports.container_scanning, 'gl-container-scanning-report.json');
  assert.deepEqual(job.artifacts.reports.cyclonedx, ['sbom-*.json']);
  const scans = job.script.filter((l) => l.startsWith('picket image '));
  assert.equal(scans.length, 5);
  // The gate is the last command: when it fails, every report is written already.
  assert.match(job.script[job.script.length - 1], /--exit-code 1 --ignore-unfixed --severity CRITICAL/);
});

test('GitLab template: a fixable CRITICAL fails the gate, after the five artefacts are written', async () => {
  const result = await runGitlabJob(COMMIT_A);
  assert.deepEqual(result.codes, [0, 0, 0, 0, 0, 1]);
  assert.match(result.outputs[0], /^\d+\.\d+\.\d+/);

  // Every artifact path and report the job declares is there (GitLab collects them: when always).
  for (const pattern of [...job.artifacts.paths, job.artifacts.reports.container_scanning, ...job.artifacts.reports.cyclonedx]) {
    assert.ok(artifactFiles(result.dir, pattern).length > 0, `no artifact matches ${pattern}`);
  }
  const gitlab = JSON.parse(readFileSync(join(result.dir, 'gl-container-scanning-report.json'), 'utf8')) as { vulnerabilities: { identifiers: { value: string }[]; location: { dependency: { package: { name: string } } } }[] };
  assert.deepEqual(gitlabErrors(gitlab, 'container_scanning'), []);
  const reported = gitlab.vulnerabilities.map((v) => v.location.dependency.package.name).sort();
  assert.deepEqual([...new Set(reported)], ['babel-traverse', 'json-schema', 'lodash']);

  const html = readFileSync(join(result.dir, `${COMMIT_A.slice(0, 8)}-scanning-report.html`), 'utf8');
  assert.match(html, /^<!DOCTYPE html>/i);
  assert.match(html, /CVE-2021-3918/);
  // Self-contained: readable offline, nothing loaded from elsewhere.
  assert.doesNotMatch(html, /<(?:script|link)[^>]+(?:src|href)=["']https?:/i);

  const sbom = readFileSync(join(result.dir, 'sbom-shop.json'), 'utf8');
  assert.deepEqual(await cyclonedxErrors(sbom, '1.6'), []);
  const components = (JSON.parse(sbom) as { components?: { name: string; version: string }[] }).components ?? [];
  for (const name of ['lodash', 'json-schema', 'babel-traverse']) assert.ok(components.some((c) => c.name === name), `${name} not in the SBOM`);

  // The table of fixable HIGH findings: lodash only (json-schema is CRITICAL, babel-traverse has no fix).
  const table = result.outputs[4];
  assert.match(table, /lodash/);
  assert.match(table, /CVE-2021-23337/);
  assert.doesNotMatch(table, /json-schema|babel-traverse/);
  // The gate names what failed it.
  assert.match(result.outputs[5], /json-schema/);
  assert.match(result.outputs[5], /CVE-2021-3918/);
  // The DB and layer results went to the cached directory.
  assert.ok(existsSync(join(result.dir, '.picket-cache', 'db', 'picket.db')));
  assert.ok(artifactFiles(result.dir, job.cache.paths[0]).length > 0);
});

test('GitLab template: without a fixable CRITICAL the job passes', async () => {
  const result = await runGitlabJob(COMMIT_B);
  assert.deepEqual(result.codes, [0, 0, 0, 0, 0, 0]);
  assert.match(result.outputs[4], /CVE-2021-23337/);
  assert.ok(existsSync(join(result.dir, 'sbom-shop.json')));
});

interface ActionStep {
  name: string;
  id?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}
const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as Action;

test('action.yml: a composite action whose inputs are documented, steps pinned by commit, inputs never spliced into scripts', () => {
  assert.equal(action.runs.using, 'composite');
  const docs = readFileSync(join(repoRoot, 'docs/install.md'), 'utf8');
  for (const [name, input] of Object.entries(action.inputs)) {
    assert.ok(input.description.length > 10, `input ${name} has no description`);
    assert.ok(docs.includes(`\`${name}\``), `input ${name} is not documented in docs/install.md`);
  }
  for (const step of action.runs.steps) {
    if (step.uses) assert.match(step.uses, /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/, `${step.uses} is not pinned by commit`);
    if (step.run) {
      assert.equal(step.shell, 'bash');
      assert.doesNotMatch(step.run, /\$\{\{/, `step "${step.name}" splices an expression into its script`);
    }
  }
  assert.ok(action.runs.steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@')));
  // The action of a release installs that release.
  const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
  assert.equal(action.inputs['picket-package'].default, `picket@${version}`);
});

/** Evaluates the `${{ }}` expressions the action uses: inputs, step outputs, github.token, `==`. */
function evaluate(text: string, context: { inputs: Record<string, string>; steps: Record<string, Record<string, string>> }): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_m, expression: string) => {
    const value = (ref: string): string => {
      let m = /^inputs\.([\w-]+)$/.exec(ref);
      if (m) return context.inputs[m[1]] ?? '';
      m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(ref);
      if (m) return context.steps[m[1]]?.[m[2]] ?? '';
      if (ref === 'github.token') return 'test-token';
      const literal = /^'(.*)'$/.exec(ref);
      if (literal) return literal[1];
      throw new Error(`expression not understood by this test: ${ref}`);
    };
    const eq = /^(.+?)\s*==\s*(.+)$/.exec(expression);
    return eq ? String(value(eq[1].trim()) === value(eq[2].trim())) : value(expression);
  });
}

test('action.yml: installs the package, scans an image in a registry, writes valid SARIF for the upload, then fails on findings', async () => {
  const workspace = tempDir('picket-action-workspace-');
  const runnerTemp = tempDir('picket-action-runner-temp-');
  const tarball = await cachedTarball();
  const inputs: Record<string, string> = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? '']));
  Object.assign(inputs, {
    'scan-ref': `${project}:${COMMIT_A}`,
    severity: 'HIGH,CRITICAL',
    'ignore-unfixed': 'true',
    'exit-code': '4',
    'picket-package': tarball.file,
    args: '--scanners vuln',
  });
  inputs['github-token'] = evaluate(inputs['github-token'], { inputs, steps: {} });
  // The workflow step's env (credentials as secrets, the DB source as a variable).
  const workflowEnv = { PICKET_USERNAME: registry.username, PICKET_PASSWORD: registry.password, PICKET_DB_SOURCES: DB_SOURCES };
  const githubPath = join(runnerTemp, '_path');
  writeFileSync(githubPath, '');
  let path = [dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(delimiter);
  const steps: Record<string, Record<string, string>> = {};
  const codes: Record<string, number> = {};
  let uploaded: { sarif: string; category: string } | undefined;
  let failed = false;
  for (const [i, step] of action.runs.steps.entries()) {
    const condition = step.if ? evaluate(step.if, { inputs, steps }) : 'true';
    if (failed || condition !== 'true') continue;
    if (step.uses) {
      const args = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, evaluate(v, { inputs, steps })]));
      uploaded = { sarif: args.sarif_file, category: args.category };
      continue;
    }
    const outputFile = join(runnerTemp, `_output-${i}`);
    writeFileSync(outputFile, '');
    const script = join(runnerTemp, `_step-${i}.sh`);
    writeFileSync(script, step.run ?? '');
    const env: NodeJS.ProcessEnv = {
      ...baseEnv(),
      ...workflowEnv,
      HOME: join(runnerTemp, 'home'),
      PATH: path,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_PATH: githubPath,
      RUNNER_TEMP: runnerTemp,
      // npm's configuration of this machine (e.g. nodedir) is what a runner's would be.
      npm_config_userconfig: join(process.env.HOME ?? '/root', '.npmrc'),
      // A runner restoring its npm cache: the packages this repository's npm ci fetched.
      npm_config_cache: join(process.env.HOME ?? '/root', '.npm'),
      npm_config_prefer_offline: 'true',
      JOBS: 'max',
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(v, { inputs, steps })])),
    };
    mkdirSync(join(runnerTemp, 'home'), { recursive: true });
    const r = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: workspace, env, timeoutMs: 900_000 });
    codes[step.name] = r.code ?? -1;
    if (step.id) steps[step.id] = Object.fromEntries(readFileSync(outputFile, 'utf8').split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    path = [...readFileSync(githubPath, 'utf8').split('\n').filter(Boolean).reverse(), ...path.split(delimiter)].join(delimiter);
    if (r.code !== 0) {
      failed = true;
      if (step.name !== 'Fail on findings') process.stdout.write(`# step "${step.name}" failed:\n${r.stderr.slice(-3000)}\n`);
    }
  }
  assert.deepEqual(codes, { 'Install picket': 0, Scan: 0, 'Fail on findings': 4 });
  assert.deepEqual(steps.scan, { 'sarif-file': 'picket-results.sarif', status: '4' });

  // What the pinned upload-sarif step would upload.
  assert.ok(uploaded);
  assert.equal(uploaded.category, 'picket');
  const sarif = JSON.parse(readFileSync(join(workspace, uploaded.sarif), 'utf8')) as { runs: { results: { ruleId: string; level: string }[]; tool: { driver: { name: string } } }[] };
  assert.deepEqual(sarifErrors(sarif), []);
  const rules = sarif.runs.flatMap((r) => r.results.map((x) => x.ruleId)).sort();
  // HIGH and CRITICAL with a fix: lodash's and json-schema's (babel-traverse has none).
  assert.deepEqual(rules, ['CVE-2021-23337', 'CVE-2021-3918']);
});
