/**
 * `picket sbom FILE` on real SBOMs: trivy's own SBOM inputs against trivy's goldens (the same
 * advisories: trivy's fixture DB, its OS buckets converted here), third-party CycloneDX SBOMs
 * (CycloneDX's bom-examples: npm, Composer, Maven, Go; spec 1.2 to 1.4) against ../shared/db-seed,
 * the SPDX 2.3 example documents, and malformed files (one line on stderr).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildDatabase } from '../../src/db/build.js';
import { dbDirOf } from '../../src/config/cache-dir.js';
import type { OsvRecord } from '../../src/db/osv-types.js';
import { runPicket } from '../support/cli.js';
import { trivyIntegration } from '../support/fixture-db.js';
import { readGolden, vulnKey, type JsonReport, type JsonVuln } from '../support/golden.js';
import { cacheDirWithDb } from '../support/image-db.js';
import { sharedPath } from '../support/paths.js';
import { tempDir } from '../support/temp.js';
import { trivyFixtureToOsv } from '../support/trivy-fixture-db.js';

const trivyCache = tempDir('picket-sbom-trivy-');
const seedCache = await cacheDirWithDb();
const sbomInput = (name: string) => trivyIntegration(`fixtures/sbom/${name}`);

interface Pair { key: string; value: unknown }
interface Bucket { bucket: string; pairs: (Bucket | Pair)[] }
const SEVERITY_WORDS = ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
/** trivy-db's Status numbers -> the feed words picket's status mapping reads. */
const STATUS_WORDS: Record<number, string> = { 2: 'unfixed', 4: 'unfixed', 5: 'will-not-fix', 6: 'fix-deferred', 7: 'end-of-life' };

/**
 * trivy's OS fixture buckets as OSV: `debian 10` (keyed by source package) -> `Debian:10`, and the
 * `Red Hat` bucket's entries for the CPE of RHEL 7 Server (cpe.yaml) -> `Red Hat:enterprise_linux:7::server`,
 * one record per CVE with trivy's severity and status; CVSS from vulnerability.yaml.
 */
function trivyOsFixtureToOsv(): OsvRecord[] {
  const dir = trivyIntegration('fixtures/db');
  const load = (file: string) => parse(readFileSync(join(dir, file), 'utf8')) as Bucket[];
  const details = new Map<string, { CVSS?: Record<string, { V3Vector?: string }> }>();
  for (const top of load('vulnerability.yaml')) for (const p of top.pairs as Pair[]) details.set(p.key, p.value as never);
  const cpes = new Map<string, string>();
  for (const top of load('cpe.yaml')) for (const b of top.pairs as Bucket[]) if (b.bucket === 'cpe') for (const p of b.pairs as Pair[]) cpes.set(p.key, String(p.value));
  // One record per CVE (the DB keeps one record per id), one affected entry per release and package.
  const records = new Map<string, OsvRecord>();
  const record = (id: string, ecosystem: string, name: string, fixed: string | undefined, severity: number | undefined, status: number | undefined) => {
    const nvd = details.get(id)?.CVSS?.nvd?.V3Vector;
    let rec = records.get(id);
    if (!rec) records.set(id, (rec = { id, modified: '2021-01-01T00:00:00Z', ...(nvd ? { severity: [{ type: 'CVSS_V3', score: nvd }] } : {}), affected: [] } as OsvRecord));
    rec.affected!.push({
      package: { ecosystem, name },
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, ...(fixed ? [{ fixed }] : [])] }],
      ecosystem_specific: { status: fixed ? 'fixed' : STATUS_WORDS[status ?? 2] ?? 'unfixed', ...(severity ? { severity: SEVERITY_WORDS[severity] } : {}) },
    });
  };
  for (const top of load('debian.yaml')) {
    const release = /^debian (\d+)$/.exec(top.bucket)?.[1];
    if (!release) continue;
    for (const pkg of top.pairs as Bucket[]) {
      for (const p of pkg.pairs as Pair[]) {
        const v = p.value as { FixedVersion?: string; Severity?: number; Status?: number };
        record(p.key, `Debian:${release}`, pkg.bucket, v.FixedVersion, v.Severity, v.Status);
      }
    }
  }
  for (const top of load('redhat.yaml')) {
    for (const pkg of top.pairs as Bucket[]) {
      for (const p of pkg.pairs as Pair[]) {
        for (const entry of (p.value as { Entries: { Affected: number[]; Cves: { ID?: string; Severity?: number }[]; FixedVersion?: string; Status?: number }[] }).Entries) {
          for (const index of entry.Affected) {
            const cpe = cpes.get(String(index));
            if (cpe !== 'cpe:/o:redhat:enterprise_linux:7::server') continue;
            for (const cve of entry.Cves) record(cve.ID ?? p.key, `Red Hat:${cpe.slice('cpe:/o:redhat:'.length)}`, pkg.bucket, entry.FixedVersion, cve.Severity, entry.Status);
          }
        }
      }
    }
  }
  return [...records.values()];
}

before(async () => {
  const source = join(trivyCache, 'trivy-fixture.osv.jsonl');
  const records = [...trivyFixtureToOsv(trivyIntegration('fixtures/db'), ['ruby.yaml']), ...trivyOsFixtureToOsv()];
  writeFileSync(source, records.map((r) => JSON.stringify(r)).join('\n'));
  await buildDatabase({ dbDir: dbDirOf(trivyCache), sources: [source] });
});

async function scanSbom(file: string, cacheDir: string, extra: string[] = []): Promise<JsonReport & { Metadata?: Record<string, unknown> }> {
  const r = await runPicket(['sbom', file, '--format', 'json', '--list-all-pkgs', '--cache-dir', cacheDir, '--skip-db-update', '-q', ...extra]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as JsonReport;
}

test('trivy\'s centos-7 SBOM as CycloneDX, in-toto attestation, SPDX JSON and SPDX tag-value: centos-7.json.golden\'s findings', async () => {
  const golden = readGolden('centos-7.json.golden');
  const expected = golden.Results![0].Vulnerabilities!.map(vulnKey).sort();
  assert.equal(expected.length, 3);
  for (const [file, type] of [['centos-7-cyclonedx.json', 'cyclonedx'], ['centos-7-cyclonedx.intoto.jsonl', 'cyclonedx'], ['centos-7-spdx.json', 'spdx'], ['centos-7-spdx.txt', 'spdx']]) {
    const report = await scanSbom(sbomInput(file), trivyCache);
    assert.equal(report.ArtifactType, type, file);
    assert.equal(report.ArtifactName, sbomInput(file));
    assert.deepEqual(report.Metadata?.OS, { Family: 'centos', Name: '7.6.1810', EOSL: true }, file);
    assert.equal(report.Metadata?.ImageID, 'sha256:f1cb7c7d58b73eac859c395882eec49d50651244e342cd6c68a5c7809785f427', file);
    const [result] = report.Results!;
    assert.equal(result.Target, `${sbomInput(file)} (centos 7.6.1810)`);
    assert.deepEqual([result.Class, result.Type], ['os-pkgs', 'centos']);
    // The epoch is a purl qualifier; picket's version carries it as trivy's report does.
    assert.deepEqual(result.Packages!.map((p) => `${p.ID} ${p.Version}`).sort(), ['bash@4.2.46-31.el7.x86_64 4.2.46-31.el7', 'openssl-libs@1.0.2k-16.el7.x86_64 1:1.0.2k-16.el7'], file);
    assert.deepEqual(result.Vulnerabilities!.map(vulnKey).sort(), expected, file);
  }
});

test('trivy\'s fluentd SBOM (Debian packages by source package, an installed gem with its file): fluentd-multiple-lockfiles.json.golden', async () => {
  const file = sbomInput('fluentd-multiple-lockfiles-cyclonedx.json');
  const golden = readGolden('fluentd-multiple-lockfiles.json.golden');
  const report = await scanSbom(file, trivyCache);
  assert.equal(report.ArtifactType, 'cyclonedx');
  const targets = (r: JsonReport) => r.Results!.map((x) => `${x.Target.replace(/^.*\((debian [^)]*)\)$/, 'OS ($1)')} ${x.Class} ${x.Type}`).sort();
  assert.deepEqual(targets(report), targets(golden));
  // picket lists several fixed versions in version order, trivy as the advisory has them.
  const key = (v: JsonVuln) => vulnKey({ ...v, FixedVersion: v.FixedVersion?.split(', ').sort().join(', ') });
  for (const exp of golden.Results!) {
    const act = report.Results!.find((x) => x.Class === exp.Class && x.Type === exp.Type)!;
    assert.deepEqual(act.Vulnerabilities!.map(key).sort(), exp.Vulnerabilities!.map(key).sort(), exp.Target);
  }
  const gem = report.Results!.find((r) => r.Target === 'Ruby')!.Vulnerabilities![0] as { PkgPath?: string };
  assert.equal(gem.PkgPath, 'var/lib/gems/2.5.0/specifications/activesupport-6.0.2.1.gemspec');
});

test('third-party CycloneDX SBOMs (npm, Composer, Maven, Go; spec 1.2-1.4): every component is scanned by its purl', async () => {
  const cases = [
    { file: 'keycloak-10.0.2/bom.json', target: 'Java', type: 'jar', finding: 'CVE-2019-17571 | log4j:log4j | 1.2.17' },
    { file: 'juice-shop/via_npm/flat/bom.1.4.json', target: 'Node.js', type: 'node-pkg', finding: 'CVE-2023-46233 | crypto-js | 3.3.0' },
    { file: 'laravel-7.12.0/bom.1.3.json', target: 'PHP', type: 'composer-vendor', finding: 'CVE-2023-29197 | guzzlehttp/psr7 | 1.9.0' },
    { file: 'proton-bridge/proton-bridge-v1.8.0.bom.json', target: 'Go', type: 'gobinary', finding: 'CVE-2020-28483 | github.com/gin-gonic/gin | v1.4.0' },
  ];
  for (const c of cases) {
    const path = sharedPath(`fixtures/sbom/cyclonedx/SBOM/${c.file}`);
    const bom = JSON.parse(readFileSync(path, 'utf8')) as { components: { purl?: string; components?: unknown[] }[] };
    const purls = new Set<string>();
    const walk = (list: { purl?: string; components?: unknown[] }[]) => {
      for (const comp of list) {
        if (comp.purl) purls.add(comp.purl);
        walk((comp.components ?? []) as typeof list);
      }
    };
    walk(bom.components);
    const report = await scanSbom(path, seedCache);
    assert.deepEqual(report.Results!.map((r) => `${r.Target} ${r.Class} ${r.Type}`), [`${c.target} lang-pkgs ${c.type}`], c.file);
    const [result] = report.Results!;
    assert.equal(result.Packages!.length, purls.size, `${c.file}: one package per purl`);
    const found = result.Vulnerabilities!.map((v) => `${v.VulnerabilityID} | ${v.PkgName} | ${v.InstalledVersion}`);
    assert.ok(found.includes(c.finding), `${c.file}: ${c.finding} in ${found.join(', ')}`);
    const listed = new Set(result.Packages!.map((p) => `${p.Name}@${p.Version}`));
    for (const v of result.Vulnerabilities!) assert.ok(listed.has(`${v.PkgName}@${v.InstalledVersion}`), `${v.PkgName}@${v.InstalledVersion} is in the SBOM`);
  }
});

test('the same SBOM in CycloneDX 1.2, 1.3 and 1.4 gives the same packages and findings', async () => {
  const summary = (r: JsonReport) => JSON.stringify(r.Results!.map((x) => [x.Packages!.map((p) => p.ID).sort(), x.Vulnerabilities!.map(vulnKey).sort()]));
  const reports = await Promise.all(['1.2', '1.3', '1.4'].map((v) => scanSbom(sharedPath(`fixtures/sbom/cyclonedx/SBOM/juice-shop/via_npm/flat/bom.${v}.json`), seedCache)));
  assert.equal(summary(reports[1]), summary(reports[0]));
  assert.equal(summary(reports[2]), summary(reports[0]));
});

test('the SPDX 2.3 example documents: the JSON and tag-value forms give the same package (its purl reference)', async () => {
  const json = await scanSbom(sharedPath('fixtures/sbom/spdx/SPDXJSONExample-v2.3.spdx.json'), seedCache);
  const tagValue = await scanSbom(sharedPath('fixtures/sbom/spdx/SPDXTagExample-v2.3.spdx'), seedCache);
  for (const report of [json, tagValue]) {
    assert.equal(report.ArtifactType, 'spdx');
    assert.deepEqual(report.Results!.map((r) => [r.Target, r.Type, r.Packages!.map((p) => `${p.Name}@${p.Version}`)]), [['Java', 'jar', ['org.apache.jena:apache-jena@3.12.0']]]);
  }
});

test('an SBOM with only OS packages of a distribution release (the distro qualifier): the OS comes from the purls', async () => {
  const file = sharedPath('fixtures/lockfiles/osv-scanner-head/cmd/osv-scanner/scan/source/testdata/sbom-insecure/alpine-zlib-16.cdx.json');
  const report = await scanSbom(file, seedCache);
  assert.deepEqual(report.Metadata?.OS, { Family: 'alpine', Name: '3.22.0' });
  const [result] = report.Results!;
  assert.deepEqual([result.Target, result.Class, result.Type], [`${file} (alpine 3.22.0)`, 'os-pkgs', 'alpine']);
  assert.deepEqual(result.Packages!.map((p) => `${p.Name}@${p.Version}`), ['zlib@1.2.12-r1']);
});

test('a malformed or unsupported SBOM: one line on stderr naming the file and the problem, exit 1', async () => {
  const dir = tempDir();
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const cases: [string, RegExp][] = [
    [join(dir, 'missing.json'), /cannot read SBOM .*missing\.json: no such file/],
    [dir, /cannot read SBOM .*: is a directory/],
    [write('truncated.cdx.json', '{"bomFormat": "CycloneDX", "components": ['), /truncated\.cdx\.json: not valid JSON/],
    [write('report.json', '{"SchemaVersion": 2, "Results": []}'), /report\.json: JSON without "bomFormat": "CycloneDX" or "spdxVersion": not an SBOM/],
    [write('components.cdx.json', '{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": {"name": "x"}}'), /components\.cdx\.json: CycloneDX "components" is not a list/],
    [write('spdx3.json', '{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []}'), /spdx3\.json: SPDX 3 documents are not read/],
    [write('spdx1.json', '{"spdxVersion": "SPDX-1.2", "packages": []}'), /spdx1\.json: unsupported SPDX version "SPDX-1\.2"/],
    [write('open.vex.json', '{"@context": "https://openvex.dev/ns/v0.2.0", "statements": []}'), /open\.vex\.json: an OpenVEX document, not an SBOM: give it with --vex/],
    [write('bad.spdx', 'SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nthis is not a tag\n'), /bad\.spdx:3: not an SPDX tag-value line/],
    [write('open.spdx', 'SPDXVersion: SPDX-2.3\nPackageName: x\nPackageComment: <text>never closed\n'), /open\.spdx:3: <text> is never closed/],
    [sharedPath('fixtures/sbom/spdx/SPDXXMLExample-v2.3.spdx.xml'), /XML SBOMs \(CycloneDX XML, SPDX RDF\) are not read/],
    [write('notes.txt', 'hello\n'), /notes\.txt: not an SBOM picket reads/],
  ];
  for (const [file, message] of cases) {
    const r = await runPicket(['sbom', file, '--cache-dir', seedCache, '--skip-db-update', '-q']);
    assert.equal(r.code, 1, `${file}: ${r.stderr}`);
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /^picket: /);
    assert.match(lines[0], message);
    assert.equal(r.stdout, '');
  }
});
