/**
 * rpm's NDB `Packages.db` (SUSE). No NDB file can be made on this machine (Debian's rpm has only
 * the sqlite backend; no fixture has one), so this test writes its own from real rpm headers
 * (built and installed by Debian's rpmbuild + rpm) following the layout rpm's
 * lib/backend/ndb/rpmpkg.c defines: a 32-byte header ("RpmP", version 0, generation, slot page
 * count, next package index), 4096-byte slot pages of 16-byte slots ("Slot", package index, block
 * offset, block count), and blobs in 16-byte blocks ("BlbS", package index, generation, length,
 * the header, zero padding, then the Adler-32 of all that, the length and "BlbE"), all
 * little-endian. The Adler-32 here is zlib's (the trailer of a zlib stream), not picket's.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { adler32, rpmNdbAnalyzer } from '../../../src/analyzer/pkg/rpm-ndb.js';
import { rpmDatabaseResult } from '../../../src/analyzer/pkg/rpm-package.js';
import { ParseError } from '../../../src/analyzer/parse-error.js';
import type { AnalysisResult } from '../../../src/analyzer/types.js';
import { makeRpmRoot } from '../../support/rpm.js';
import { tempDir } from '../../support/temp.js';

const PATH = 'usr/lib/sysimage/rpm/Packages.db';
const headers: Buffer[] = [];

before(() => {
  const root = join(tempDir(), 'root');
  makeRpmRoot(root, tempDir());
  const db = new Database(join(root, 'var/lib/rpm/rpmdb.sqlite'), { readonly: true });
  for (const { blob } of db.prepare('SELECT blob FROM Packages ORDER BY hnum').all() as { blob: Buffer }[]) headers.push(blob);
  db.close();
});

const analyze = (content: Buffer): Promise<AnalysisResult> => rpmNdbAnalyzer.analyze({ path: PATH, content, readFile: async () => undefined });

/** zlib's Adler-32 of `data`: the last 4 bytes (big-endian) of a zlib stream. */
const zlibAdler32 = (data: Buffer) => deflateSync(data).readUInt32BE(deflateSync(data).length - 4);

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};

interface Placed {
  pkgIndex: number;
  header: Buffer;
  /** Slot number (0 and 1 are the file header). */
  slot: number;
}

/** A blob: head, header, zero padding to whole 16-byte blocks, tail with the Adler-32. */
function blob(pkgIndex: number, header: Buffer): Buffer {
  const head = Buffer.concat([Buffer.from('BlbS'), u32(pkgIndex), u32(7), u32(header.length)]);
  const blocks = Math.ceil((16 + header.length + 12) / 16);
  const body = Buffer.concat([head, header, Buffer.alloc(blocks * 16 - 28 - header.length)]);
  return Buffer.concat([body, u32(zlibAdler32(body)), u32(header.length), Buffer.from('BlbE')]);
}

/** A whole Packages.db: blobs after the slot pages in the order given, each slot where `slot` says. */
function writeNdb(placed: Placed[], slotPages = 1): Buffer {
  const slotArea = Buffer.alloc(slotPages * 4096);
  for (let at = 0; at < slotArea.length; at += 16) slotArea.write('Slot', at, 'latin1');
  Buffer.concat([Buffer.from('RpmP'), u32(0), u32(1), u32(slotPages), u32(Math.max(0, ...placed.map((p) => p.pkgIndex)) + 1), Buffer.alloc(12)]).copy(slotArea, 0);
  const blobs: Buffer[] = [];
  let block = slotArea.length / 16;
  for (const p of placed) {
    assert.ok(p.slot >= 2 && p.slot < slotArea.length / 16, `slot ${p.slot} is on a slot page`);
    const b = blob(p.pkgIndex, p.header);
    Buffer.concat([Buffer.from('Slot'), u32(p.pkgIndex), u32(block), u32(b.length / 16)]).copy(slotArea, p.slot * 16);
    blobs.push(b);
    block += b.length / 16;
  }
  return Buffer.concat([slotArea, ...blobs]);
}

/** The four real headers, stored out of order, with free slots between, one on a second slot page. */
const layout = (): Placed[] => [
  { pkgIndex: 9, header: headers[3], slot: 2 },
  { pkgIndex: 3, header: headers[1], slot: 5 },
  { pkgIndex: 1, header: headers[0], slot: 256 + 7 },
  { pkgIndex: 4, header: headers[2], slot: 3 },
];

test('picket\'s Adler-32 is zlib\'s', () => {
  for (const data of [Buffer.alloc(0), Buffer.from('Wikipedia'), randomBytes(20000), Buffer.alloc(70000, 0xff)]) {
    assert.equal(adler32(data), zlibAdler32(data));
  }
});

test('every package of an NDB database, in package index order, as the same headers read from sqlite', async () => {
  const result = await analyze(writeNdb(layout(), 2));
  assert.deepEqual(result, rpmDatabaseResult(PATH, headers));
  assert.deepEqual(result.osPackages![0].packages.map((p) => p.name), ['picket-modular', 'python3-picket-demo', 'picket-ssl-libs', 'picket-ssl']);
  assert.equal(result.osPackages![0].packages.find((p) => p.name === 'picket-ssl')!.version, '1:3.0.7-27.el9');
  assert.ok(result.ownedFiles!.includes('usr/lib/python3/site-packages/picket_demo-1.2.dist-info/METADATA'));
  assert.deepEqual(await analyze(writeNdb([])), {}, 'no packages');
});

test('Packages.db at the SUSE location (and var/lib/rpm) is read; Packages is not', () => {
  assert.equal(rpmNdbAnalyzer.wants({ path: PATH, size: 1 }), true);
  assert.equal(rpmNdbAnalyzer.wants({ path: 'var/lib/rpm/Packages.db', size: 1 }), true);
  assert.equal(rpmNdbAnalyzer.wants({ path: 'usr/lib/sysimage/rpm/Packages', size: 1 }), false);
});

test('corrupt NDB databases are ParseErrors', async () => {
  const good = writeNdb(layout(), 2);
  const firstBlob = 2 * 4096;
  const patched = (patch: (b: Buffer) => void) => {
    const copy = Buffer.from(good);
    patch(copy);
    return copy;
  };
  /** Re-seals the first blob after its header was changed, so only the header is wrong. */
  const resealed = (patch: (b: Buffer) => void) => {
    const header = Buffer.from(headers[3]);
    patch(header);
    return writeNdb([{ pkgIndex: 9, header, slot: 2 }]);
  };
  const cases: [string, Buffer, RegExp][] = [
    ['empty', Buffer.alloc(0), /RpmP/],
    ['bad magic', patched((b) => b.write('RpmX', 0, 'latin1')), /RpmP/],
    ['version 1', patched((b) => b.writeUInt32LE(1, 4)), /version 1/],
    ['slot pages past the end', patched((b) => b.writeUInt32LE(0xffffffff, 12)), /truncated/],
    ['no slot pages', patched((b) => b.writeUInt32LE(0, 12)), /truncated/],
    ['slot without magic', patched((b) => b.write('Slop', 5 * 16, 'latin1')), /"Slot" magic/],
    ['slot pointing into the slot pages', patched((b) => b.writeUInt32LE(2, 2 * 16 + 8)), /invalid/],
    ['two slots for one package', patched((b) => b.writeUInt32LE(9, 5 * 16 + 4)), /invalid/],
    ['two slots for one blob', patched((b) => b.copy(b, 5 * 16 + 8, 2 * 16 + 8, 2 * 16 + 16)), /overlap/],
    ['truncated file', good.subarray(0, good.length - 16), /truncated/],
    ['blob without magic', patched((b) => b.write('BlbX', firstBlob, 'latin1')), /BlbS/],
    ['blob of another package', patched((b) => b.writeUInt32LE(8, firstBlob + 4)), /names package 8/],
    ['blob length not filling its blocks', patched((b) => b.writeUInt32LE(b.readUInt32LE(firstBlob + 12) + 64, firstBlob + 12)), /does not fill/],
    ['checksum mismatch', patched((b) => (b[firstBlob + 100] ^= 1)), /checksum/],
    ['header with a corrupt size', resealed((h) => h.writeUInt32BE(60000, 0)), /rpm header declares/],
  ];
  for (const [what, content, reason] of cases) {
    await assert.rejects(analyze(content), (err) => err instanceof ParseError && err.file === PATH && reason.test(err.reason), what);
  }
});
