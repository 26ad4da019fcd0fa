import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPicket } from '../support/cli.js';
import { repoRoot } from '../support/paths.js';
import { tempDir } from '../support/temp.js';

const cacheDir = tempDir();
const repo = join(tempDir(), 'project');
let firstCommit = '';
let secondCommit = '';

const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'Dev', GIT_AUTHOR_EMAIL: 'dev@example.org', GIT_COMMITTER_NAME: 'Dev', GIT_COMMITTER_EMAIL: 'dev@example.org' } }).trim();

interface Report { ArtifactName: string; ArtifactType: string; Metadata?: { Commit?: string; Branch?: string; CommitMsg?: string; RepoURL?: string; Tags?: string[] }; Results: { Vulnerabilities?: { VulnerabilityID: string }[] }[] }

before(async () => {
  assert.equal((await runPicket(['db', 'build', '--source', join(repoRoot, 'test/fixtures/osv'), '--cache-dir', cacheDir])).code, 0);
  cpSync(join(repoRoot, 'test/fixtures/projects/app'), repo, { recursive: true });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'vulnerable example-lib');
  firstCommit = git('rev-parse', 'HEAD');
  git('tag', 'v1');
  git('checkout', '-q', '-b', 'fixed');
  const lock = join(repo, 'package-lock.json');
  writeFileSync(lock, readFileSync(lock, 'utf8').replaceAll('1.2.3', '1.2.4'));
  git('commit', '-q', '-am', 'upgrade example-lib');
  secondCommit = git('rev-parse', 'HEAD');
  git('checkout', '-q', 'main');
});

async function scan(args: string[]): Promise<Report> {
  const r = await runPicket(['repo', ...args, '-f', 'json', '--cache-dir', cacheDir, '--skip-db-update']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Report;
}
const ids = (r: Report) => r.Results.flatMap((x) => x.Vulnerabilities ?? []).map((v) => v.VulnerabilityID).sort();

test('a local work tree: scanned in place, the report names its commit and branch', async () => {
  const report = await scan([repo]);
  assert.equal(report.ArtifactType, 'repository');
  assert.equal(report.Metadata?.Commit, firstCommit);
  assert.equal(report.Metadata?.Branch, 'main');
  assert.equal(report.Metadata?.CommitMsg, 'vulnerable example-lib');
  assert.deepEqual(ids(report), ['CVE-2099-0001', 'GHSA-ex01-0000-0002']);
});

test('a file:// URL is cloned shallowly at a branch, a tag or a commit, and the clone is removed', async () => {
  const url = `file://${repo}`;
  const fixed = await scan([url, '--branch', 'fixed']);
  assert.equal(fixed.Metadata?.Commit, secondCommit);
  assert.deepEqual(ids(fixed), ['GHSA-ex01-0000-0002']);
  const tagged = await scan([url, '--tag', 'v1']);
  assert.equal(tagged.Metadata?.Commit, firstCommit);
  assert.deepEqual(tagged.Metadata?.Tags, ['v1']);
  const pinned = await scan([url, '--commit', secondCommit]);
  assert.equal(pinned.Metadata?.Commit, secondCommit);
  assert.deepEqual(ids(pinned), ['GHSA-ex01-0000-0002']);
  const head = await scan([url]);
  assert.equal(head.Metadata?.Commit, firstCommit);
  assert.equal(head.Metadata?.RepoURL, url);
  assert.deepEqual(readdirSync(cacheDir).filter((f) => f.startsWith('repo-')), []);
});

test('errors: not a repository, an unknown branch, a URL that needs credentials (never prompts, never shows them)', async () => {
  const plain = tempDir();
  const notRepo = await runPicket(['repo', plain, '--cache-dir', cacheDir, '--skip-db-update']);
  assert.equal(notRepo.code, 1);
  assert.match(notRepo.stderr, /not a git repository/);
  const noBranch = await runPicket(['repo', `file://${repo}`, '--branch', 'nope', '--cache-dir', cacheDir, '--skip-db-update']);
  assert.equal(noBranch.code, 1);
  assert.match(noBranch.stderr, /^picket: git clone: .*nope/);
  assert.equal(noBranch.stderr.trim().split('\n').length, 1);
  const secret = await runPicket(['repo', 'http://user:s3cret@127.0.0.1:9/private.git', '--cache-dir', cacheDir, '--skip-db-update'], { timeoutMs: 30_000 });
  assert.equal(secret.code, 1);
  assert.doesNotMatch(secret.stderr, /s3cret/);
  assert.deepEqual(readdirSync(cacheDir).filter((f) => f.startsWith('repo-')), []);
});
