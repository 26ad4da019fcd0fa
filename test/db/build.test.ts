import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { buildDatabase } from '../../src/db/build.js';
import { AdvisoryStore } from '../../src/db/store.js';
import { UserError } from '../../src/errors.js';
import { SCHEMA_VERSION } from '../../src/db/schema.js';
import { sharedPath } from '../support/paths.js';
import { tempDir } from '../support/temp.js';

const ghsaNpmDir = sharedPath('db-seed/osv/ghsa-npm');
const rustsecJsonl = sharedPath('db-seed/osv/rustsec.osv.jsonl.gz');

/** Distinct non-withdrawn record ids per ecosystem, counted straight from the raw files. */
function countByEcosystem(records: { id: string; withdrawn?: string; affected?: { package?: { ecosystem: string } }[] }[]): Record<string, number> {
  const ids = new Map<string, Set<string>>();
  for (const r of records) {
    if (r.withdrawn) continue;
    for (const a of r.affected ?? []) {
      const eco = a.package?.ecosystem.split(':')[0];
      if (!eco) continue;
      if (!ids.has(eco)) ids.set(eco, new Set());
      ids.get(eco)!.add(r.id);
    }
  }
  return Object.fromEntries([...ids].map(([k, v]) => [k, v.size]));
}

const ghsaRecords = readdirSync(ghsaNpmDir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(ghsaNpmDir, f), 'utf8')));
const rustRecords = gunzipSync(readFileSync(rustsecJsonl)).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

test('builds from a directory of OSV JSON files and a .jsonl.gz, with counts per ecosystem and metadata', async () => {
  const dir = tempDir();
  const summary = await buildDatabase({ dbDir: dir, sources: [ghsaNpmDir, rustsecJsonl] });
  const expected = { ...countByEcosystem(ghsaRecords), ...countByEcosystem(rustRecords) };
  assert.deepEqual(summary.ecosystems, expected);
  assert.ok(expected.npm > 90 && expected['crates.io'] > 1000);
  const store = AdvisoryStore.open(dir);
  const info = store.info(0);
  assert.equal(info.schemaVersion, SCHEMA_VERSION);
  assert.deepEqual(info.sources, [ghsaNpmDir, rustsecJsonl]);
  assert.deepEqual(info.ecosystems, expected);
  assert.equal(info.withdrawnSkipped, [...ghsaRecords, ...rustRecords].filter((r) => r.withdrawn).length);
  assert.ok(Date.now() - Date.parse(info.builtAt) < 60_000);
  const sample = ghsaRecords.find((r) => r.affected?.[0]?.package?.ecosystem === 'npm')!;
  const entries = store.affected('npm', sample.affected[0].package.name);
  assert.ok(entries.some((e) => e.advisoryId === sample.id));
  assert.equal(store.advisory(sample.id)?.summary, sample.summary);
  assert.deepEqual(store.affected('npm', 'no-such-package-anywhere'), []);
  store.close();
});

test('reads the osv.dev export layout: <Ecosystem>/all.zip in a directory', async () => {
  const dir = tempDir();
  const exportDir = join(dir, 'export');
  mkdirSync(join(exportDir, 'npm'), { recursive: true });
  const files = readdirSync(ghsaNpmDir).filter((f) => f.endsWith('.json')).map((f) => join(ghsaNpmDir, f));
  execFileSync('python3', ['-m', 'zipfile', '-c', join(exportDir, 'npm', 'all.zip'), ...files]);
  const summary = await buildDatabase({ dbDir: join(dir, 'db'), sources: [exportDir] });
  assert.equal(summary.ecosystems.npm, countByEcosystem(ghsaRecords).npm);
});

test('withdrawn records are left out and the newest modified record wins per id', async () => {
  const dir = tempDir();
  const src = join(dir, 'src');
  mkdirSync(src);
  const base = { affected: [{ package: { ecosystem: 'npm', name: 'left-pad-example' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.0.0' }] }] }] };
  writeFileSync(join(src, 'a-old.json'), JSON.stringify({ id: 'GHSA-aaaa', modified: '2020-01-01T00:00:00Z', summary: 'old', ...base }));
  writeFileSync(join(src, 'b-new.json'), JSON.stringify({ id: 'GHSA-aaaa', modified: '2021-01-01T00:00:00Z', summary: 'new', ...base }));
  writeFileSync(join(src, 'c-older.json'), JSON.stringify({ id: 'GHSA-aaaa', modified: '2019-01-01T00:00:00Z', summary: 'older', ...base }));
  writeFileSync(join(src, 'd-withdrawn.json'), JSON.stringify({ id: 'GHSA-bbbb', modified: '2021-01-01T00:00:00Z', withdrawn: '2021-02-01T00:00:00Z', ...base }));
  writeFileSync(join(src, 'e-broken.json'), '{"id": "GHSA-cccc", ');
  writeFileSync(join(src, 'f-not-osv.json'), JSON.stringify({ id: 'GHSA-dddd', summary: 'no modified date' }));
  writeFileSync(join(src, 'g-other.json'), JSON.stringify({ name: 'a package.json, not an advisory' }));
  const warnings: string[] = [];
  const summary = await buildDatabase({ dbDir: join(dir, 'db'), sources: [src], onWarning: (m) => warnings.push(m) });
  assert.equal(summary.advisories, 1);
  assert.equal(summary.withdrawnSkipped, 1);
  assert.equal(summary.invalid, 2);
  assert.equal(warnings.length, 2);
  assert.match(warnings[0], /e-broken\.json: not valid JSON/);
  assert.match(warnings[1], /f-not-osv\.json: not an OSV record \(GHSA-dddd: missing "modified"\)/);
  const store = AdvisoryStore.open(join(dir, 'db'));
  assert.equal(store.advisory('GHSA-aaaa')?.summary, 'new');
  assert.equal(store.advisory('GHSA-bbbb'), undefined);
  assert.equal(store.affected('npm', 'left-pad-example').length, 1);
  store.close();
});

test('a failed build keeps the previous DB and leaves no temporary file', async () => {
  const dir = tempDir();
  await buildDatabase({ dbDir: dir, sources: [ghsaNpmDir] });
  await assert.rejects(buildDatabase({ dbDir: dir, sources: [ghsaNpmDir, join(dir, 'missing-source')] }), (err: unknown) => {
    assert.ok(err instanceof UserError);
    assert.match(err.message, /missing-source: no such file or directory/);
    return true;
  });
  assert.deepEqual(readdirSync(dir).filter((f) => f !== 'picket.db'), []);
  const store = AdvisoryStore.open(dir);
  assert.equal(store.info(0).ecosystems.npm, countByEcosystem(ghsaRecords).npm);
  store.close();
});

test('an unreachable URL source fails with a sentence naming it, quickly', async () => {
  const dir = tempDir();
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  const started = Date.now();
  const url = `http://127.0.0.1:${port}/osv/all.zip`;
  await assert.rejects(buildDatabase({ dbDir: dir, sources: [url] }), (err: Error) => err.message === `advisory source ${url} is not reachable (ECONNREFUSED)`);
  assert.ok(Date.now() - started < 10_000);
  assert.equal(existsSync(join(dir, 'picket.db')), false);
});

test('explicit versions lists are matched per version (PyPI lists every affected release)', async () => {
  const dir = tempDir();
  const pypa = sharedPath('db-seed/osv/pypa.osv.jsonl.gz');
  await buildDatabase({ dbDir: dir, sources: [pypa] });
  const records = gunzipSync(readFileSync(pypa)).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const sample = records.find((r) => !r.withdrawn && r.affected?.[0]?.versions?.length > 2 && /[A-Z_.]/.test(r.affected[0].package.name))!;
  const { name } = sample.affected[0].package;
  const store = AdvisoryStore.open(dir);
  const listedVersion = sample.affected[0].versions[1];
  // PyPI names are normalised: any case and separator finds the same package.
  const upper = name.toUpperCase().replace(/[-_.]/g, '_');
  assert.ok(store.affected('PyPI', upper, listedVersion).some((e) => e.advisoryId === sample.id && e.listed));
  assert.ok(store.affected('PyPI', name, '0.0.0-not-listed').every((e) => e.advisoryId !== sample.id || !e.listed));
  store.close();
  // The batched path a scan takes: prefetch the (name, version) pairs, then look them up.
  const batched = AdvisoryStore.open(dir);
  batched.prefetch('PyPI', [{ name: upper, version: listedVersion }, { name, version: '0.0.0-not-listed' }]);
  assert.ok(batched.affected('PyPI', upper, listedVersion).some((e) => e.advisoryId === sample.id && e.listed));
  assert.ok(batched.affected('PyPI', name, '0.0.0-not-listed').every((e) => e.advisoryId !== sample.id || !e.listed));
  batched.close();
});

test('http sources: a zip URL with credentials (sent as Basic auth, never stored), and an export bucket mirror', async () => {
  const dir = tempDir();
  const zipPath = join(dir, 'all.zip');
  const files = readdirSync(ghsaNpmDir).filter((f) => f.endsWith('.json')).map((f) => join(ghsaNpmDir, f));
  execFileSync('python3', ['-m', 'zipfile', '-c', zipPath, ...files]);
  const zip = readFileSync(zipPath);
  const server = createHttpServer((req, res) => {
    if (req.headers.authorization !== `Basic ${Buffer.from('reader:s3cret').toString('base64')}`) return res.writeHead(401).end();
    if (new URL(req.url ?? '/', 'http://localhost').pathname === '/mirror/npm/all.zip') return res.writeHead(200, { 'content-length': zip.length }).end(zip);
    res.writeHead(404).end();
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  try {
    const warnings: string[] = [];
    const progress: number[] = [];
    const summary = await buildDatabase({
      dbDir: join(dir, 'a'),
      sources: [`http://reader:s3cret@127.0.0.1:${port}/mirror/npm/all.zip?token=abc`],
      onProgress: (e) => { if (e.kind === 'download') progress.push(e.done); },
    });
    assert.equal(summary.ecosystems.npm, countByEcosystem(ghsaRecords).npm);
    assert.equal(progress[progress.length - 1], zip.length);
    const store = AdvisoryStore.open(join(dir, 'a'));
    assert.deepEqual(store.info(0).sources, [`http://127.0.0.1:${port}/mirror/npm/all.zip`]);
    store.close();

    const bucket = await buildDatabase({ dbDir: join(dir, 'b'), sources: [`http://reader:s3cret@127.0.0.1:${port}/mirror/`], onWarning: (m) => warnings.push(m) });
    assert.equal(bucket.ecosystems.npm, countByEcosystem(ghsaRecords).npm);
    assert.ok(warnings.some((w) => w.includes(`/mirror/PyPI/all.zip: not found (HTTP 404)`)));
    assert.ok(warnings.every((w) => !w.includes('s3cret')));
    await assert.rejects(buildDatabase({ dbDir: join(dir, 'c'), sources: [`http://127.0.0.1:${port}/mirror/npm/all.zip`] }), /HTTP 401/);
    await assert.rejects(buildDatabase({ dbDir: join(dir, 'd'), sources: [`http://reader:s3cret@127.0.0.1:${port}/empty/`] }), (err: Error) => /has none of npm\/all\.zip/.test(err.message) && !err.message.includes('s3cret'));
  } finally {
    server.close();
  }
});
