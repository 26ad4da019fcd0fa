/**
 * rpm's Berkeley DB `Packages` database. Debian's rpm cannot read or write one (its BDB backend
 * is a dummy), so the oracle is Berkeley DB's own `db5.3_dump` (Debian's db5.3-util): picket's
 * page walker must return exactly the values it dumps. Inputs:
 * - real rpm databases from grype's and osv-scalibr's test data (CentOS/SLES images, a package
 *   with an epoch and a deleted one left in a free page);
 * - databases written by Berkeley DB's `db5.3_load` from real rpm headers (made at test time by
 *   Debian's rpmbuild + rpm), in both byte orders, several page sizes, with page checksums and
 *   with bucket chains spanning several hash pages.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { rpmBdbAnalyzer } from '../../../src/analyzer/pkg/rpm-bdb.js';
import { rpmDatabaseResult } from '../../../src/analyzer/pkg/rpm-package.js';
import { parseRpmHeader, RpmTag } from '../../../src/analyzer/pkg/rpm-header.js';
import { ParseError } from '../../../src/analyzer/parse-error.js';
import type { AnalysisResult } from '../../../src/analyzer/types.js';
import { makeRpmRoot } from '../../support/rpm.js';
import { sharedPath } from '../../support/paths.js';
import { tempDir } from '../../support/temp.js';

const PATH = 'var/lib/rpm/Packages';
const grype = (image: string) => sharedPath(`fixtures/os-grype/test/integration/testdata/image-${image}-match-coverage/var/lib/rpm/Packages`);
const scalibr = (name: string) => sharedPath(`fixtures/lockfiles/osv-scalibr-extractor/filesystem/os/rpm/testdata/${name}`);
const realHeaders: Buffer[] = [];

before(() => {
  const root = join(tempDir(), 'root');
  makeRpmRoot(root, tempDir());
  const db = new Database(join(root, 'var/lib/rpm/rpmdb.sqlite'), { readonly: true });
  for (const { blob } of db.prepare('SELECT blob FROM Packages ORDER BY hnum').all() as { blob: Buffer }[]) realHeaders.push(blob);
  db.close();
});

const analyze = (content: Buffer): Promise<AnalysisResult> => rpmBdbAnalyzer.analyze({ path: PATH, content, readFile: async () => undefined });

/** Every key/data pair of a Berkeley DB file, as `db5.3_dump` prints them (hex, one per line). */
function dumpPairs(file: string): [Buffer, Buffer][] {
  const lines = execFileSync('db5.3_dump', [file], { encoding: 'utf8', maxBuffer: 64 << 20 }).split('\n');
  const body = lines.slice(lines.indexOf('HEADER=END') + 1, lines.indexOf('DATA=END')).map((l) => Buffer.from(l.trim(), 'hex'));
  const pairs: [Buffer, Buffer][] = [];
  for (let i = 0; i < body.length; i += 2) pairs.push([body[i], body[i + 1]]);
  return pairs;
}

/** The rpm headers of a `Packages` file according to Berkeley DB itself: all values but rpm's counter under key 0. */
const headersByDbDump = (file: string) => dumpPairs(file).filter(([key]) => !key.equals(Buffer.alloc(4))).map(([, value]) => value);

/** Writes a hash database with Berkeley DB's own `db5.3_load`: key 0 = rpm's counter, keys 1.. = the headers. */
function loadHashDb(headers: Buffer[], settings: Record<string, string | number>): string {
  const file = join(tempDir(), 'Packages');
  const bigEndian = settings.db_lorder === 4321;
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    if (bigEndian) b.writeUInt32BE(n);
    else b.writeUInt32LE(n);
    return b.toString('hex');
  };
  const lines = ['VERSION=3', 'format=bytevalue', 'type=hash', ...Object.entries(settings).map(([k, v]) => `${k}=${v}`), 'HEADER=END'];
  lines.push(` ${u32(0)}`, ` ${u32(headers.length + 1)}`);
  headers.forEach((h, i) => lines.push(` ${u32(i + 1)}`, ` ${h.toString('hex')}`));
  lines.push('DATA=END', '');
  execFileSync('db5.3_load', [file], { input: lines.join('\n') });
  return file;
}

/** A copy of a real header with its NAME replaced by a string of the same length. */
function renamed(header: Buffer, name: string): Buffer {
  const copy = Buffer.from(header);
  const il = copy.readUInt32BE(0);
  for (let i = 0; i < il; i++) {
    if (copy.readUInt32BE(8 + i * 16) !== RpmTag.NAME) continue;
    const at = 8 + il * 16 + copy.readUInt32BE(8 + i * 16 + 8);
    assert.equal(copy.indexOf(0, at) - at, name.length);
    copy.write(name, at, 'latin1');
    return copy;
  }
  throw new Error('no NAME');
}

/** The 4 real headers and renamed copies of one (`picket-s00`, ...): `count` distinct packages. */
function manyHeaders(count: number): Buffer[] {
  const ssl = realHeaders.find((h) => parseRpmHeader(h, PATH).string(RpmTag.NAME) === 'picket-ssl')!;
  return [...realHeaders, ...Array.from({ length: count - realHeaders.length }, (_, i) => renamed(ssl, `picket-s${String(i).padStart(2, '0')}`))];
}

test('grype\'s CentOS and SLES image databases: the one live package, as db5.3_dump finds it', async () => {
  for (const image of ['centos', 'sles']) {
    const file = grype(image);
    const result = await analyze(readFileSync(file));
    assert.deepEqual(result, rpmDatabaseResult(PATH, headersByDbDump(file)));
    assert.deepEqual(result.osPackages![0].packages, [{ id: 'dive@0.9.2-1.x86_64', name: 'dive', version: '0.9.2-1', srcName: 'dive', srcVersion: '0.9.2-1', arch: 'x86_64', licenses: ['MIT'] }]);
    assert.deepEqual(result.ownedFiles, ['usr/local/bin/dive']);
    assert.ok(execFileSync('strings', [file], { encoding: 'utf8' }).includes('dive-0.9.2-1.src.rpm'));
  }
});

test('osv-scalibr\'s database with an epoch: the live package only, not the deleted one left in a free page', async () => {
  const file = scalibr('Packages_epoch');
  const result = await analyze(readFileSync(file));
  assert.deepEqual(result, rpmDatabaseResult(PATH, headersByDbDump(file)));
  assert.deepEqual(result.osPackages![0].packages.map((p) => [p.name, p.version, p.srcVersion, p.arch]), [['hello', '1:0.0.1-rls', '1:0.0.1-rls', 'x86_64']]);
  const strings = execFileSync('strings', [file], { encoding: 'utf8' });
  assert.ok(strings.includes('hello-0.0.1-rls.src.rpm') && strings.includes('dive-0.9.2-1.src.rpm'), 'both packages\' bytes are in the file');
});

test('databases Berkeley DB writes from real headers: both byte orders, page sizes, checksums, multi-page buckets', async () => {
  const variants: { count: number; settings: Record<string, string | number> }[] = [
    { count: 40, settings: { db_pagesize: 4096, db_lorder: 1234 } },
    { count: 40, settings: { db_pagesize: 512, db_lorder: 4321 } },
    { count: 40, settings: { db_pagesize: 1024, db_lorder: 1234, chksum: 1 } },
    { count: 40, settings: { db_pagesize: 65536, db_lorder: 4321 } },
    // A high fill factor keeps buckets from splitting: 100 pairs in few buckets continue on chained hash pages.
    { count: 100, settings: { db_pagesize: 512, db_lorder: 1234, h_ffactor: 1000 } },
  ];
  for (const { count, settings } of variants) {
    const what = JSON.stringify(settings);
    const file = loadHashDb(manyHeaders(count), settings);
    const buf = readFileSync(file);
    const result = await analyze(buf);
    assert.deepEqual(result, rpmDatabaseResult(PATH, headersByDbDump(file)), what);
    const names = result.osPackages![0].packages.map((p) => p.name).sort();
    assert.equal(names.length, count, what);
    assert.deepEqual(names.slice(0, 4), ['picket-modular', 'picket-s00', 'picket-s01', 'picket-s02'], what);
    assert.equal(result.osPackages![0].packages.find((p) => p.name === 'picket-s35')?.version, '1:3.0.7-27.el9', what);
    if (count === 100) assert.ok(pagesOfType(buf, 512, 13).some((p) => buf.readUInt32LE(p * 512 + 16) !== 0), 'a chained hash page');
  }
});

test('Packages files at the SUSE location are read; other files are not', () => {
  assert.equal(rpmBdbAnalyzer.wants({ path: 'usr/lib/sysimage/rpm/Packages', size: 1 }), true);
  assert.equal(rpmBdbAnalyzer.wants({ path: 'var/lib/rpm/Packages.db', size: 1 }), false);
  assert.equal(rpmBdbAnalyzer.wants({ path: 'var/lib/apt/lists/Packages', size: 1 }), false);
});

/** The page numbers of a given type (the type byte is the same in both byte orders). */
function pagesOfType(buf: Buffer, pageSize: number, type: number): number[] {
  const pages: number[] = [];
  for (let p = 1; p * pageSize < buf.length; p++) if (buf[p * pageSize + 25] === type) pages.push(p);
  return pages;
}

test('corrupt databases are ParseErrors, and a looping overflow chain ends', async () => {
  const pageSize = 512;
  const good = readFileSync(loadHashDb(manyHeaders(8), { db_pagesize: pageSize, db_lorder: 1234 }));
  const overflow = pagesOfType(good, pageSize, 7);
  const hash = pagesOfType(good, pageSize, 13);
  assert.ok(overflow.length > 8 && hash.length > 0);
  const patched = (patch: (b: Buffer) => void) => {
    const copy = Buffer.from(good);
    patch(copy);
    return copy;
  };
  const first = overflow[0] * pageSize;
  const cases: [string, Buffer, RegExp][] = [
    ['not Berkeley DB (osv-scalibr testdata)', readFileSync(scalibr('invalid')), /too short/],
    ['a sqlite file', Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(1024)]), /not a Berkeley DB hash/],
    ['truncated', good.subarray(0, Math.floor(good.length / 2)), /truncated/],
    ['encrypted', patched((b) => (b[24] = 1)), /encrypted/],
    ['odd page size', patched((b) => b.writeUInt32LE(1000, 20)), /page size/],
    ['overflow page chained to itself', patched((b) => {
      b.writeUInt16LE(0, first + 22);
      b.writeUInt32LE(overflow[0], first + 16);
    }), /reached twice/],
    ['two items sharing an overflow chain', patched((b) => {
      // Point the second off-page item of the first hash page at the first one's chain.
      const page = hash[0] * pageSize;
      const items = Array.from({ length: b.readUInt16LE(page + 20) }, (_, i) => page + b.readUInt16LE(page + 26 + i * 2)).filter((at) => b[at] === 3);
      b.writeUInt32LE(b.readUInt32LE(items[0] + 4), items[1] + 4);
      b.writeUInt32LE(b.readUInt32LE(items[0] + 8), items[1] + 8);
    }), /reached twice/],
    ['overflow chain past the last page', patched((b) => b.writeUInt32LE(0xfffffff, first + 16)), /past the last page/],
    ['overflow chain into a hash page', patched((b) => b.writeUInt32LE(hash[0], first + 16)), /type 13 in the overflow chain/],
    ['overflow longer than its page', patched((b) => b.writeUInt16LE(pageSize, first + 22)), /overflow bytes/],
    ['item offset inside the offset array', patched((b) => b.writeUInt16LE(0, hash[0] * pageSize + 26)), /item 0 at offset 0/],
    ['odd entry count', patched((b) => b.writeUInt16LE(b.readUInt16LE(hash[0] * pageSize + 20) - 1, hash[0] * pageSize + 20)), /entries/],
    ['a header cut short', patched((b) => b.writeUInt32LE(0, overflow.find((p) => b.readUInt32LE(p * pageSize + 16) !== 0)! * pageSize + 16)), /overflow item from page/],
    ['a header with a corrupt size', patched((b) => {
      // The first overflow page of some item starts with its header's il.
      const starts = overflow.filter((p) => b.readUInt32BE(p * pageSize + 26) > 0 && b.readUInt32BE(p * pageSize + 26) < 200);
      b.writeUInt32BE(60000, starts[0] * pageSize + 26);
    }), /rpm header declares/],
  ];
  for (const [what, content, reason] of cases) {
    await assert.rejects(analyze(content), (err) => err instanceof ParseError && err.file === PATH && reason.test(err.reason), what);
  }
});
