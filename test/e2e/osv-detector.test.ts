/**
 * picket fs on osv-detector's end-to-end lockfiles, with a DB built from ../shared/db-seed/osv,
 * against the findings osv-detector printed for them (`*.out.txt`).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runPicket } from '../support/cli.js';
import { sharedPath } from '../support/paths.js';
import { tempDir } from '../support/temp.js';

const e2eDir = sharedPath('fixtures/lockfiles/osv-detector-e2e');
const cacheDir = tempDir();

interface Vuln { VulnerabilityID: string; VendorIDs?: string[]; PkgName: string; InstalledVersion: string; DataSource: { ID: string } }
interface Report { Results: { Target: string; Type: string; Vulnerabilities?: Vuln[] }[] }

before(async () => {
  const r = await runPicket(['db', 'build', '--source', sharedPath('db-seed/osv'), '--cache-dir', cacheDir]);
  assert.equal(r.code, 0, r.stderr);
});

/** `name@version GHSA-...` pairs osv-detector reported for a lockfile. */
function osvDetectorFindings(lockfile: string): Set<string> {
  const found = new Set<string>();
  let pkg = '';
  for (const line of readFileSync(`${e2eDir}/${lockfile}.out.txt`, 'utf8').split('\n')) {
    const affected = /^\s+(\S+@\S+) is affected by/.exec(line);
    if (affected) pkg = affected[1];
    const advisory = /^\s+(GHSA-[\w-]+):/.exec(line);
    if (advisory && pkg) found.add(`${pkg} ${advisory[1]}`);
  }
  return found;
}

function picketFindings(report: Report, target: string): Set<string> {
  const result = report.Results.find((r) => r.Target === target)!;
  return new Set(
    (result.Vulnerabilities ?? []).map((v) => {
      const ghsa = [v.VulnerabilityID, ...(v.VendorIDs ?? [])].find((id) => id.startsWith('GHSA-'));
      return `${v.PkgName}@${v.InstalledVersion} ${ghsa}`;
    }),
  );
}

async function scan(args: string[]): Promise<Report> {
  const r = await runPicket(['fs', e2eDir, '-f', 'json', '--cache-dir', cacheDir, '--skip-db-update', ...args]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Report;
}

test('npm and yarn lockfiles there get osv-detector\'s GHSA findings (dev dependencies included, as osv-detector does)', async () => {
  const report = await scan(['--include-dev-deps']);
  // The other ecosystems' lockfiles there have their own tests (osv-detector-<eco>.test.ts).
  const nodeResults = report.Results.filter((r) => r.Type === 'npm' || r.Type === 'yarn');
  assert.deepEqual(nodeResults.map((r) => `${r.Target} ${r.Type}`), ['1-package-lock.json npm', '1-yarn.lock yarn']);
  for (const r of nodeResults) for (const v of r.Vulnerabilities ?? []) assert.equal(v.DataSource.ID, 'ghsa');

  assert.deepEqual([...picketFindings(report, '1-package-lock.json')].sort(), [...osvDetectorFindings('1-package-lock.json')].sort());

  // The yarn.lock differs in exactly two places, both because the advisories were revised after
  // osv-detector's run: GHSA-w7rc-rwvf-8q5r now starts at node-fetch 2.0.0 (1.7.3 no longer
  // affected), and GHSA-cqmj-92xf-r6r9 now covers socket.io-parser < 3.3.4 (3.3.2 affected).
  const expected = osvDetectorFindings('1-yarn.lock');
  expected.delete('node-fetch@1.7.3 GHSA-w7rc-rwvf-8q5r');
  expected.add('socket.io-parser@3.3.2 GHSA-cqmj-92xf-r6r9');
  assert.equal(expected.size, 61);
  assert.deepEqual([...picketFindings(report, '1-yarn.lock')].sort(), [...expected].sort());
});

test('without --include-dev-deps only production packages are reported', async () => {
  const all = await scan(['--include-dev-deps']);
  const prod = await scan([]);
  // package-lock.json marks dev packages itself: fewer findings.
  const p = picketFindings(prod, '1-package-lock.json');
  const a = picketFindings(all, '1-package-lock.json');
  assert.ok([...p].every((f) => a.has(f)));
  assert.ok(p.size > 0 && p.size < a.size, `${p.size} of ${a.size}`);
  // yarn.lock says nothing about dev: without a package.json beside it, every package counts.
  assert.deepEqual(picketFindings(prod, '1-yarn.lock'), picketFindings(all, '1-yarn.lock'));
});
