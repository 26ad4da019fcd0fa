/**
 * picket fs on osv-detector's end-to-end pom.xml (`1-pom.xml`), with a DB built from
 * ../shared/db-seed/osv (its ghsa-maven records), against the findings osv-detector printed for
 * it (`1-pom.xml.out.txt`).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildDatabase } from '../../src/db/build.js';
import { dbDirOf } from '../../src/config/cache-dir.js';
import { runPicket } from '../support/cli.js';
import { sharedPath } from '../support/paths.js';
import { tempDir } from '../support/temp.js';

const e2eDir = sharedPath('fixtures/lockfiles/osv-detector-e2e');
const cacheDir = tempDir();

interface Vuln { VulnerabilityID: string; VendorIDs?: string[]; PkgName: string; InstalledVersion: string; DataSource: { ID: string } }
interface Report { Results: { Target: string; Type: string; Packages?: { ID: string; Relationship?: string; Dev?: boolean }[]; Vulnerabilities?: Vuln[] }[] }

before(async () => {
  await buildDatabase({ dbDir: dbDirOf(cacheDir), sources: [sharedPath('db-seed/osv')] });
});

/** `name@version GHSA-...` pairs osv-detector reported. */
function osvDetectorFindings(): Set<string> {
  const found = new Set<string>();
  let pkg = '';
  for (const line of readFileSync(`${e2eDir}/1-pom.xml.out.txt`, 'utf8').split('\n')) {
    const affected = /^\s+(\S+@\S+) is affected by/.exec(line);
    if (affected) pkg = affected[1];
    const advisory = /^\s+(GHSA-[\w-]+):/.exec(line);
    if (advisory && pkg) found.add(`${pkg} ${advisory[1]}`);
  }
  return found;
}

async function scanPom(args: string[]): Promise<Report['Results'][number]> {
  const r = await runPicket(['fs', e2eDir, '-f', 'json', '--list-all-pkgs', '--cache-dir', cacheDir, '--skip-db-update', ...args], { timeoutMs: 120_000 });
  assert.equal(r.code, 0, r.stderr);
  const result = (JSON.parse(r.stdout) as Report).Results.find((x) => x.Target === '1-pom.xml');
  assert.ok(result, '1-pom.xml is analyzed');
  assert.equal(result.Type, 'pom');
  return result;
}

function findings(result: Report['Results'][number]): string[] {
  return (result.Vulnerabilities ?? [])
    .map((v) => `${v.PkgName}@${v.InstalledVersion} ${[v.VulnerabilityID, ...(v.VendorIDs ?? [])].find((id) => id.startsWith('GHSA-'))}`)
    .sort();
}

test("1-pom.xml gets osv-detector's GHSA findings (test scope included, as osv-detector does)", async () => {
  const result = await scanPom(['--include-dev-deps']);
  // osv-detector's five dependencies, and the project itself (com.highcharts.export:highcharts-export 2.1.0).
  assert.deepEqual(result.Packages!.map((p) => `${p.ID} ${p.Relationship}`).sort(), [
    'com.highcharts.export:highcharts-export@2.1.0 root',
    'commons-io:commons-io@2.4 direct',
    'junit:junit@4.8.1 direct',
    'log4j:log4j@1.2.17 direct',
    'org.springframework:spring-context@4.1.2.RELEASE direct',
    'org.springframework:spring-core@4.1.2.RELEASE direct',
  ]);
  for (const v of result.Vulnerabilities ?? []) assert.equal(v.DataSource.ID, 'ghsa');

  // One difference, from the advisory data: GHSA-ffvq-7w96-97p7 (CVE-2018-15756) was revised after
  // osv-detector's run and now starts at spring-core 4.2.0.RELEASE, so 4.1.2.RELEASE is not affected.
  const expected = osvDetectorFindings();
  assert.ok(expected.delete('org.springframework:spring-core@4.1.2.RELEASE GHSA-ffvq-7w96-97p7'));
  assert.equal(expected.size, 20);
  assert.deepEqual(findings(result), [...expected].sort());
});

test('without --include-dev-deps the test-scoped junit and its finding are left out, as trivy does', async () => {
  const result = await scanPom([]);
  assert.ok(!result.Packages!.some((p) => p.ID.startsWith('junit:junit@')));
  const expected = [...osvDetectorFindings()].filter((f) => !f.startsWith('junit:junit@') && !f.endsWith('GHSA-ffvq-7w96-97p7')).sort();
  assert.deepEqual(findings(result), expected);
});
