import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { cpSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { updateDatabase } from '../../src/db/update.js';
import { AdvisoryStore } from '../../src/db/store.js';
import { repoRoot } from '../support/paths.js';
import { tempDir } from '../support/temp.js';

const osvFixtures = join(repoRoot, 'test/fixtures/osv');

test('local sources: rebuilt only when a file changes', async () => {
  const dir = tempDir();
  const src = join(dir, 'src');
  cpSync(osvFixtures, src, { recursive: true });
  const dbDir = join(dir, 'db');
  const first = await updateDatabase({ dbDir, sources: [src] });
  assert.equal(first.upToDate, false);
  assert.deepEqual(await updateDatabase({ dbDir, sources: [src] }), { upToDate: true });
  const file = join(src, 'GHSA-ex01-0000-0003.json');
  const record = JSON.parse(readFileSync(file, 'utf8')) as { summary: string; modified: string };
  record.summary = 'changed summary';
  record.modified = '2025-01-01T00:00:00Z';
  writeFileSync(file, JSON.stringify(record));
  utimesSync(file, new Date(), new Date(Date.now() + 5000));
  const second = await updateDatabase({ dbDir, sources: [src] });
  assert.equal(second.upToDate, false);
  const store = AdvisoryStore.open(dbDir);
  assert.equal(store.advisory('GHSA-ex01-0000-0003')?.summary, 'changed summary');
  store.close();
  // A different source list is a change too.
  assert.equal((await updateDatabase({ dbDir, sources: [join(src, 'GHSA-ex01-0000-0001.json')] })).upToDate, false);
});

test('URL sources: ETag revalidation (304), kept copy when the server is down, offline mode', async () => {
  const dir = tempDir();
  let body = readFileSync(join(osvFixtures, 'GHSA-ex01-0000-0001.json'));
  let etag = '"v1"';
  const requests: string[] = [];
  let server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.headers['if-none-match'] ?? '-'}`);
    if (req.headers['if-none-match'] === etag) return res.writeHead(304).end();
    res.writeHead(200, { etag, 'content-length': body.length }).end(body);
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/advisory.json`;
  const dbDir = join(dir, 'db');
  try {
    assert.equal((await updateDatabase({ dbDir, sources: [url] })).upToDate, false);
    requests.length = 0;
    assert.deepEqual(await updateDatabase({ dbDir, sources: [url] }), { upToDate: true });
    assert.deepEqual(requests, ['GET "v1"']);

    const record = JSON.parse(body.toString()) as { summary: string; modified: string };
    record.summary = 'second version';
    record.modified = '2025-02-02T00:00:00Z';
    body = Buffer.from(JSON.stringify(record));
    etag = '"v2"';
    const changed = await updateDatabase({ dbDir, sources: [url] });
    assert.equal(changed.upToDate, false);
    const store = AdvisoryStore.open(dbDir);
    assert.equal(store.advisory('GHSA-ex01-0000-0001')?.summary, 'second version');
    store.close();
  } finally {
    server.close();
    await once(server, 'close');
  }
  // Server gone: the kept copy serves, with a warning naming the source.
  const warnings: string[] = [];
  const rebuilt = await updateDatabase({ dbDir: join(dir, 'db2'), sources: [url], onWarning: (m) => warnings.push(m) }).catch((e: Error) => e);
  assert.ok(rebuilt instanceof Error && /not reachable \(ECONNREFUSED\)/.test(rebuilt.message), 'no kept copy in a new cache dir');
  const kept = await updateDatabase({ dbDir, sources: [url], onWarning: (m) => warnings.push(m) });
  assert.deepEqual(kept, { upToDate: true });
  assert.ok(warnings.some((w) => w.includes(`${url} is not reachable (ECONNREFUSED); using the copy fetched`)), warnings.join('\n'));
  // Offline: no request at all.
  server = createServer((_req, res) => {
    requests.push('offline request!');
    res.writeHead(500).end();
  }).listen(port, '127.0.0.1');
  await once(server, 'listening');
  try {
    requests.length = 0;
    assert.deepEqual(await updateDatabase({ dbDir, sources: [url], offline: true }), { upToDate: true });
    assert.deepEqual(requests, []);
    await assert.rejects(updateDatabase({ dbDir: join(dir, 'db3'), sources: [url], offline: true }), /no copy kept for offline use/);
  } finally {
    server.close();
  }
});
