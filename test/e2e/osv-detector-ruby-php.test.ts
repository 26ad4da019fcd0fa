/**
 * picket fs on osv-detector's end-to-end Gemfile.lock and composer.lock, with a DB built from
 * ../shared/db-seed (RubySec's ruby-advisory-db, FriendsOfPHP's security-advisories and the OSV
 * exports), against the findings osv-detector printed for them (`*.out.txt`, GitHub advisories
 * as OSV served them at the time of its run).
 *
 * The advisory sources differ from osv-detector's: RubyGems advisories come from RubySec (whose
 * records carry the GHSA id as an alias, so findings compare by GHSA id), Packagist advisories
 * from FriendsOfPHP (CVE or FriendsOfPHP ids, so osv-detector's GHSA findings are paired with
 * them below, each pairing explained). The seed data is also years newer than osv-detector's run
 * (its newest finding is from 2023-12-18): every extra finding is listed with its reason.
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

interface Vuln { VulnerabilityID: string; VendorIDs?: string[]; PkgName: string; InstalledVersion: string; PublishedDate?: string; DataSource: { ID: string } }
interface Result { Target: string; Type: string; Packages?: unknown[]; Vulnerabilities?: Vuln[] }
interface Report { Results: Result[] }

before(async () => {
  await buildDatabase({
    dbDir: dbDirOf(cacheDir),
    sources: [sharedPath('db-seed/rubysec'), sharedPath('db-seed/friendsofphp'), sharedPath('db-seed/osv')],
  });
});

/** picket fs on one lockfile of the corpus, dev dependencies included as osv-detector does. */
async function scan(lockfile: string): Promise<Result> {
  const r = await runPicket(['fs', `${e2eDir}/${lockfile}`, '-f', 'json', '--list-all-pkgs', '--include-dev-deps', '--cache-dir', cacheDir, '--skip-db-update']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as Report;
  assert.equal(report.Results.length, 1);
  return report.Results[0];
}

/** osv-detector's `found N packages` and its `name@version GHSA-...` findings. */
function osvDetector(lockfile: string): { packages: number; findings: Set<string> } {
  const text = readFileSync(`${e2eDir}/${lockfile}.out.txt`, 'utf8');
  const findings = new Set<string>();
  let pkg = '';
  for (const line of text.split('\n')) {
    const affected = /^\s+(\S+@\S+) is affected by/.exec(line);
    if (affected) pkg = affected[1];
    const advisory = /^\s+(GHSA-[\w-]+):/.exec(line);
    if (advisory && pkg) findings.add(`${pkg} ${advisory[1]}`);
  }
  return { packages: Number(/found (\d+) packages/.exec(text)![1]), findings };
}

const pkgOf = (v: Vuln) => `${v.PkgName}@${v.InstalledVersion}`;
const ghsaOf = (v: Vuln) => [v.VulnerabilityID, ...(v.VendorIDs ?? [])].find((id) => id.startsWith('GHSA-'));

// ---------------------------------------------------------------------------------------------
// Gemfile.lock
// ---------------------------------------------------------------------------------------------

/** Newest publication date among osv-detector's Gemfile.lock findings, as RubySec dates them. */
const OSV_DETECTOR_RUN_AFTER = '2023-12-18';

test('Gemfile.lock: the 229 gems and osv-detector\'s GHSA findings, from RubySec', async () => {
  const result = await scan('1-Gemfile.lock');
  const expected = osvDetector('1-Gemfile.lock');
  assert.equal(result.Type, 'bundler');
  assert.equal(result.Packages!.length, expected.packages);
  const vulns = result.Vulnerabilities ?? [];
  assert.ok(vulns.every((v) => v.DataSource.ID === 'ruby-advisory-db'));
  const found = new Set(vulns.map((v) => `${pkgOf(v)} ${ghsaOf(v)}`));

  // Not found, both for nokogiri 1.11.7:
  // - GHSA-jc36-42cf-vqwj is a second GitHub advisory for zlib's CVE-2018-25032; RubySec has one
  //   record for it (GHSA-v6gp-9mmm-c6p5, found) and names jc36 only as `related`.
  // - GHSA-59gp-qqm7-cw4j (libxml2/libxslt dependencies) has no RubySec record.
  const missing = [...expected.findings].filter((f) => !found.has(f)).sort();
  assert.deepEqual(missing, ['nokogiri@1.11.7 GHSA-59gp-qqm7-cw4j', 'nokogiri@1.11.7 GHSA-jc36-42cf-vqwj']);
  assert.ok(found.has('nokogiri@1.11.7 GHSA-v6gp-9mmm-c6p5'));

  // Found in addition (96): advisories published after osv-detector's run (RubySec dates them
  // from 2023-12-24 to 2026), and one older advisory GitHub never reviewed (so it was not in
  // osv-detector's reviewed GHSA data): selenium-webdriver's CVE-2023-5590, whose RubySec
  // record notes "GHSA is unreviewed".
  const extra = vulns.filter((v) => !expected.findings.has(`${pkgOf(v)} ${ghsaOf(v)}`));
  const unreviewed = extra.filter((v) => v.VulnerabilityID === 'CVE-2023-5590');
  assert.deepEqual(unreviewed.map((v) => `${pkgOf(v)} ${ghsaOf(v)}`), ['selenium-webdriver@3.142.7 GHSA-4phc-fq33-39gx']);
  const later = extra.filter((v) => v.VulnerabilityID !== 'CVE-2023-5590');
  const earlier = later.filter((v) => !(v.PublishedDate! > OSV_DETECTOR_RUN_AFTER));
  assert.deepEqual(earlier.map((v) => `${pkgOf(v)} ${v.VulnerabilityID} ${v.PublishedDate}`), []);
  assert.equal(later.length, 95);
});

// ---------------------------------------------------------------------------------------------
// composer.lock
// ---------------------------------------------------------------------------------------------

/**
 * osv-detector's GHSA findings and the FriendsOfPHP advisories picket reports for the same
 * package version. FriendsOfPHP names no GHSA ids for most of them; the pairing is by the
 * FriendsOfPHP record's own link to the GHSA advisory where it has one, else by title (both
 * take the vendor's security-release title).
 */
const composerPairs: Array<{ pkg: string; ghsa: string[]; picket: string[] }> = [
  // the FriendsOfPHP record links to the GHSA advisory
  { pkg: 'guzzlehttp/guzzle@6.5.5', ghsa: ['GHSA-25mq-v84q-4j7r'], picket: ['CVE-2022-31090'] },
  { pkg: 'guzzlehttp/guzzle@6.5.5', ghsa: ['GHSA-cwmx-hcrq-mhc3'], picket: ['CVE-2022-29248'] },
  { pkg: 'guzzlehttp/guzzle@6.5.5', ghsa: ['GHSA-f2wf-25xc-69c9'], picket: ['CVE-2022-31042'] },
  { pkg: 'guzzlehttp/guzzle@6.5.5', ghsa: ['GHSA-q559-8m2m-g699'], picket: ['CVE-2022-31091'] },
  { pkg: 'guzzlehttp/guzzle@6.5.5', ghsa: ['GHSA-w248-ffj2-4v5q'], picket: ['CVE-2022-31043'] },
  { pkg: 'guzzlehttp/psr7@1.8.2', ghsa: ['GHSA-q7rv-6hp3-vh96'], picket: ['CVE-2022-24775'] },
  // same title
  { pkg: 'silverstripe/admin@1.8.0', ghsa: ['GHSA-44xv-v98g-v79f'], picket: ['CVE-2022-38146'] }, // URL XSS vulnerability due to outdated jquery
  { pkg: 'silverstripe/assets@1.8.0', ghsa: ['GHSA-9cx2-hj6m-fv58'], picket: ['CVE-2022-38724'] }, // XSS in shortcodes
  { pkg: 'silverstripe/assets@1.8.0', ghsa: ['GHSA-v68g-62v9-39w5'], picket: ['CVE-2022-29858'] }, // Unpublished, protected files can be published via shortcode
  { pkg: 'silverstripe/assets@1.8.0', ghsa: ['GHSA-vv3r-fxqp-vr3f'], picket: ['CVE-2022-38147'] }, // XSS via uploaded gpx file
  { pkg: 'silverstripe/cms@4.8.0', ghsa: ['GHSA-pp74-g2q5-j4jf'], picket: ['CVE-2022-37421'] }, // Stored XSS in custom meta tags
  { pkg: 'silverstripe/framework@4.8.0', ghsa: ['GHSA-36xx-7vf6-7mv3'], picket: ['CVE-2023-32302'] }, // Members with no password can be created
  { pkg: 'silverstripe/framework@4.8.0', ghsa: ['GHSA-9cx2-hj6m-fv58'], picket: ['CVE-2022-38724'] }, // XSS in shortcodes
  { pkg: 'silverstripe/framework@4.8.0', ghsa: ['GHSA-9fmg-89fx-r33w'], picket: ['CVE-2021-41559'] }, // Quadratic blowup in Convert::xml2array()
  { pkg: 'silverstripe/framework@4.8.0', ghsa: ['GHSA-fw84-xgm8-9jmv'], picket: ['CVE-2023-22729'] }, // Open redirect on CMSSecurity relogin screen
  { pkg: 'silverstripe/framework@4.8.0', ghsa: ['GHSA-jh3w-6jp2-vqqm'], picket: ['CVE-2023-22728'] }, // Missing permission check in GridFieldPrintButton
  { pkg: 'silverstripe/framework@4.8.0', ghsa: ['GHSA-jx34-gqqq-r6gm'], picket: ['CVE-2022-25238'] }, // Stored XSS via HTML fields
  { pkg: 'silverstripe/framework@4.8.0', ghsa: ['GHSA-qw4w-vq8v-2wcv'], picket: ['CVE-2022-37430'] }, // Stored XSS using uppercase characters in HTMLEditor
  { pkg: 'silverstripe/framework@4.8.0', ghsa: ['GHSA-rppc-655v-7j3c'], picket: ['CVE-2022-28803'] }, // Stored XSS in link tags added via XHR
  { pkg: 'silverstripe/framework@4.8.0', ghsa: ['GHSA-rr8h-f97q-8p9c'], picket: ['CVE-2022-38148'] }, // Blind SQL Injection via GridFieldSortableHeader
  { pkg: 'silverstripe/framework@4.8.0', ghsa: ['GHSA-vvxf-r4vm-2vm6'], picket: ['CVE-2022-38462'] }, // Reflected XSS in querystring parameters
  { pkg: 'silverstripe/framework@4.8.0', ghsa: ['GHSA-wc6r-4ggc-79w5'], picket: ['CVE-2022-37429'] }, // Stored XSS using HTMLEditor
  { pkg: 'silverstripe/graphql@3.5.0', ghsa: ['GHSA-r7rh-g777-g5gx'], picket: ['CVE-2021-28661'] }, // permission checker not inherited by query subclass
  { pkg: 'silverstripe/graphql@3.5.0', ghsa: ['GHSA-v23w-pppm-jh66'], picket: ['CVE-2023-40180'] }, // DDOS due to lack of protection against recursive queries
  { pkg: 'silverstripe/hybridsessions@2.2.1', ghsa: ['GHSA-c7q8-m4xw-c674'], picket: ['CVE-2022-24444'] }, // does not expire session id on logout
  { pkg: 'silverstripe/versioned-admin@1.8.0', ghsa: ['GHSA-66jf-xm2m-7m8r'], picket: ['CVE-2022-38145'] }, // Stored XSS in Compare Mode
  // GitHub's generic "Cross-site Scripting in SilverStripe Framework" for admin < 1.8.1 is the one
  // FriendsOfPHP admin advisory with that fix ("Insert from files link text - Reflective XSS").
  { pkg: 'silverstripe/admin@1.8.0', ghsa: ['GHSA-j66h-cc96-c32q'], picket: ['CVE-2021-36150'] },
  // Three GitHub advisories about XSS inherited from the bundled TinyMCE; FriendsOfPHP has two
  // (SS-2023-001, SS-2023-002), which do not say which GitHub ones they match.
  {
    pkg: 'silverstripe/admin@1.8.0',
    ghsa: ['GHSA-4q66-g4mm-8rg5', 'GHSA-jxcx-3h54-qqxx', 'GHSA-wqm8-jx8r-8rcq'],
    picket: ['FRIENDSOFPHP-silverstripe-admin-SS-2023-001', 'FRIENDSOFPHP-silverstripe-admin-SS-2023-002'],
  },
  // "Business Logic Errors in SilverStripe Framework": no FriendsOfPHP advisory of framework
  // covers 4.8.0 for it.
  { pkg: 'silverstripe/framework@4.8.0', ghsa: ['GHSA-32m2-9f76-4gv8'], picket: [] },
];

/** FriendsOfPHP advisories picket reports beyond osv-detector's findings, and why. */
const composerExtra: Record<string, string[]> = {
  // Published after osv-detector's run (FriendsOfPHP's fix dates 2024 to 2026)
  later: [
    'dnadesign/silverstripe-elemental@4.6.0 CVE-2025-25197',
    'guzzlehttp/guzzle@6.5.5 CVE-2026-55568',
    'guzzlehttp/guzzle@6.5.5 CVE-2026-55767',
    'guzzlehttp/psr7@1.8.2 CVE-2026-48998',
    'guzzlehttp/psr7@1.8.2 CVE-2026-49214',
    'guzzlehttp/psr7@1.8.2 CVE-2026-55766',
    'phpunit/phpunit@5.7.27 CVE-2026-24765',
    'silverstripe/admin@1.8.0 CVE-2023-49783',
    'silverstripe/cms@4.8.0 CVE-2026-54717',
    'silverstripe/framework@4.8.0 CVE-2023-48714',
    'silverstripe/framework@4.8.0 CVE-2024-32981',
    'silverstripe/framework@4.8.0 CVE-2024-47605',
    'silverstripe/framework@4.8.0 CVE-2024-53277',
    'silverstripe/framework@4.8.0 CVE-2025-30148',
    'silverstripe/framework@4.8.0 CVE-2026-54720',
    'silverstripe/framework@4.8.0 FRIENDSOFPHP-silverstripe-framework-SS-2024-001',
    'silverstripe/framework@4.8.0 FRIENDSOFPHP-silverstripe-framework-SS-2024-002',
    'silverstripe/framework@4.8.0 FRIENDSOFPHP-silverstripe-framework-SS-2025-001',
    'silverstripe/reports@4.8.0 CVE-2024-29885',
    'silverstripe/userforms@5.9.1 CVE-2026-54721',
    'silverstripe/versioned@1.8.0 CVE-2026-55779',
    'spomky-labs/otphp@v9.1.4 FRIENDSOFPHP-spomky-labs-otphp-GHSA-2jx3-65f3-xr8r',
    'spomky-labs/otphp@v9.1.4 FRIENDSOFPHP-spomky-labs-otphp-GHSA-g7m4-839x-ch6v',
    'squizlabs/php_codesniffer@3.6.0 CVE-2026-67434',
    'swiftmailer/swiftmailer@v5.4.12 CVE-2024-28859',
    'symfony/cache@v4.4.26 CVE-2026-45073',
    'symfony/http-client@v5.3.3 CVE-2024-50342',
    'symfony/polyfill-intl-idn@v1.23.0 CVE-2026-46644',
    'symfony/process@v3.4.47 CVE-2024-51736',
    'symfony/yaml@v4.4.26 CVE-2026-45133',
    'symfony/yaml@v4.4.26 CVE-2026-45304',
    'symfony/yaml@v4.4.26 CVE-2026-45305',
  ],
  // FriendsOfPHP puts psr7 1.x (< 1.9.1) in CVE-2023-29197's range (GHSA-wxmh-65f7-jcvw, which
  // its record links to); osv-detector's GHSA data did not report it for 1.8.2.
  range: ['guzzlehttp/psr7@1.8.2 CVE-2023-29197'],
};

test('composer.lock: the 203 packages and osv-detector\'s findings, from FriendsOfPHP', async () => {
  const result = await scan('1-composer.lock');
  const expected = osvDetector('1-composer.lock');
  assert.equal(result.Type, 'composer');
  assert.equal(result.Packages!.length, expected.packages);
  const vulns = result.Vulnerabilities ?? [];
  assert.ok(vulns.every((v) => v.DataSource.ID === 'php-security-advisories'), [...new Set(vulns.map((v) => v.DataSource.ID))].join());
  const found = new Set(vulns.map((v) => `${pkgOf(v)} ${v.VulnerabilityID}`));

  // Every osv-detector finding is paired, and every pairing's advisories are reported.
  const paired = composerPairs.flatMap(({ pkg, ghsa }) => ghsa.map((id) => `${pkg} ${id}`));
  assert.deepEqual([...paired].sort(), [...expected.findings].sort());
  const counterparts = composerPairs.flatMap(({ pkg, picket }) => picket.map((id) => `${pkg} ${id}`));
  assert.deepEqual(counterparts.filter((f) => !found.has(f)), []);

  // Everything else is explained.
  const explained = new Set([...counterparts, ...Object.values(composerExtra).flat()]);
  assert.deepEqual([...found].filter((f) => !explained.has(f)).sort(), []);
  assert.equal(found.size, new Set(counterparts).size + Object.values(composerExtra).flat().length);
});
