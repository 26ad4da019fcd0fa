/**
 * picket fs on osv-detector's Python end-to-end lockfiles (1-Pipfile.lock, 1-poetry.lock), with a
 * DB built from ../shared/db-seed/osv, against the findings osv-detector printed for them
 * (`*.out.txt`). The seed is much newer than osv-detector's run, so picket finds more; every
 * finding osv-detector printed must be among picket's, except where the advisory data changed
 * since (each explained below).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPicket } from '../support/cli.js';
import { sharedPath } from '../support/paths.js';
import { tempDir } from '../support/temp.js';

const e2eDir = sharedPath('fixtures/lockfiles/osv-detector-e2e');
const cacheDir = tempDir();
// Only the Python lockfiles: the other ecosystems' files there are other tests' business.
const scanDir = tempDir();

interface Vuln { VulnerabilityID: string; VendorIDs?: string[]; PkgName: string; InstalledVersion: string; DataSource: { ID: string } }
interface Report { Results: { Target: string; Type: string; Packages?: unknown[]; Vulnerabilities?: Vuln[] }[] }

let report: Report;

before(async () => {
  const build = await runPicket(['db', 'build', '--source', sharedPath('db-seed/osv'), '--cache-dir', cacheDir], { timeoutMs: 120_000 });
  assert.equal(build.code, 0, build.stderr);
  for (const file of ['1-Pipfile.lock', '1-poetry.lock']) copyFileSync(join(e2eDir, file), join(scanDir, file));
  // osv-detector reports development packages too.
  const r = await runPicket(['fs', scanDir, '-f', 'json', '--list-all-pkgs', '--include-dev-deps', '--cache-dir', cacheDir, '--skip-db-update']);
  assert.equal(r.code, 0, r.stderr);
  report = JSON.parse(r.stdout) as Report;
});

/** `name@version ID` pairs osv-detector reported for a lockfile (GHSA and PYSEC ids). */
function osvDetectorFindings(lockfile: string): Set<string> {
  const found = new Set<string>();
  let pkg = '';
  for (const line of readFileSync(join(e2eDir, `${lockfile}.out.txt`), 'utf8').split('\n')) {
    const affected = /^\s+(\S+@\S+) is affected by/.exec(line);
    if (affected) pkg = affected[1];
    const advisory = /^\s+((?:GHSA|PYSEC)-[\w-]+):/.exec(line);
    if (advisory && pkg) found.add(`${pkg} ${advisory[1]}`);
  }
  return found;
}

/** Every `name@version ID` picket reports, under the finding's id and each of its aliases. */
function picketFindings(target: string): Set<string> {
  const result = report.Results.find((r) => r.Target === target)!;
  const found = new Set<string>();
  for (const v of result.Vulnerabilities ?? []) {
    for (const id of [v.VulnerabilityID, ...(v.VendorIDs ?? [])]) found.add(`${v.PkgName}@${v.InstalledVersion} ${id}`);
  }
  return found;
}

/**
 * osv-detector read GitHub's PyPI advisories as well as PyPA's; the seed has PyPA's only
 * (`pypa.osv.jsonl.gz`), which never carried these four GitHub-only advisories (no PyPA record
 * aliases them): the OpenSSL bundled in cryptography's wheels, and two libwebp/Pillow ones.
 */
const githubOnly = ['GHSA-jm77-qphf-c4w8', 'GHSA-v8gr-m533-ghj9', 'GHSA-4fx9-vc88-q2xc', 'GHSA-56pw-mpj4-fxww'];

function missing(expected: Set<string>, found: Set<string>): string[] {
  return [...expected].filter((f) => !found.has(f)).sort();
}

test('both lockfiles are found with osv-detector\'s package counts, advisories from PyPA', () => {
  assert.deepEqual(report.Results.map((r) => `${r.Target} ${r.Type} ${r.Packages?.length}`), ['1-Pipfile.lock pipenv 114', '1-poetry.lock poetry 142']);
  for (const r of report.Results) for (const v of r.Vulnerabilities ?? []) assert.equal(v.DataSource.ID, 'pypa');
});

test('1-Pipfile.lock: every osv-detector finding, except those whose advisory changed since', () => {
  const expected = osvDetectorFindings('1-Pipfile.lock');
  assert.equal(expected.size, 26);
  // PYSEC-2020-220 (CVE-2020-25635) was revised: ansible is affected only before 2.10.1 now, so
  // ansible 7.2.0 no longer is. PYSEC-2021-125 (CVE-2021-3532) was withdrawn in 2024.
  assert.deepEqual(missing(expected, picketFindings('1-Pipfile.lock')), [
    'ansible@7.2.0 PYSEC-2020-220',
    'ansible@7.2.0 PYSEC-2021-125',
    'cryptography@41.0.1 GHSA-jm77-qphf-c4w8',
    'cryptography@41.0.1 GHSA-v8gr-m533-ghj9',
    'pillow@8.4.0 GHSA-4fx9-vc88-q2xc',
    'pillow@8.4.0 GHSA-56pw-mpj4-fxww',
  ]);
});

test('1-poetry.lock: every osv-detector finding but the GitHub-only advisories', () => {
  const expected = osvDetectorFindings('1-poetry.lock');
  assert.equal(expected.size, 42);
  const lost = missing(expected, picketFindings('1-poetry.lock'));
  assert.deepEqual(lost, [
    'cryptography@41.0.2 GHSA-jm77-qphf-c4w8',
    'cryptography@41.0.2 GHSA-v8gr-m533-ghj9',
    'pillow@8.4.0 GHSA-4fx9-vc88-q2xc',
    'pillow@8.4.0 GHSA-56pw-mpj4-fxww',
  ]);
  assert.ok(lost.every((f) => githubOnly.includes(f.split(' ')[1])));
});
