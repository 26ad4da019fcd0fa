/**
 * The rpm header parser and the package it describes: real headers from packages built and
 * installed by Debian's rpmbuild/rpm (test/support/rpm.ts), and hand-made headers for what real
 * tools never write (gpg-pubkey entries, corrupt sizes).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parseRpmHeader, RpmTag } from '../../../src/analyzer/pkg/rpm-header.js';
import { installedRpmOf, parseSourceRpm, rpmDatabaseResult } from '../../../src/analyzer/pkg/rpm-package.js';
import { ParseError } from '../../../src/analyzer/parse-error.js';
import { makeRpmRoot } from '../../support/rpm.js';
import { tempDir } from '../../support/temp.js';

const FILE = 'var/lib/rpm/rpmdb.sqlite';
const blobs = new Map<string, Buffer>();

before(() => {
  const root = join(tempDir(), 'root');
  makeRpmRoot(root, tempDir());
  const db = new Database(join(root, FILE), { readonly: true });
  for (const { blob } of db.prepare('SELECT blob FROM Packages').all() as { blob: Buffer }[]) {
    blobs.set(parseRpmHeader(blob, FILE).string(RpmTag.NAME)!, blob);
  }
  db.close();
});

const TYPES = { INT32: 4, STRING: 6, STRING_ARRAY: 8 } as const;
type Entry = { tag: number; type: number; count?: number; value: Buffer; offset?: number };

/** A header blob as the database stores one: il, dl, index entries, data store (big-endian). */
function encodeHeader(entries: Entry[], overrides: { il?: number; dl?: number } = {}): Buffer {
  const index = Buffer.alloc(entries.length * 16);
  const parts: Buffer[] = [];
  let offset = 0;
  entries.forEach((e, i) => {
    index.writeUInt32BE(e.tag, i * 16);
    index.writeUInt32BE(e.type, i * 16 + 4);
    index.writeUInt32BE(e.offset ?? offset, i * 16 + 8);
    index.writeUInt32BE(e.count ?? 1, i * 16 + 12);
    parts.push(e.value);
    offset += e.value.length;
  });
  const data = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(overrides.il ?? entries.length, 0);
  head.writeUInt32BE(overrides.dl ?? data.length, 4);
  return Buffer.concat([head, index, data]);
}
const str = (tag: number, text: string): Entry => ({ tag, type: TYPES.STRING, value: Buffer.from(`${text}\0`) });
const int32 = (tag: number, ...values: number[]): Entry => {
  const value = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => value.writeInt32BE(v, i * 4));
  return { tag, type: TYPES.INT32, count: values.length, value };
};
const strArray = (tag: number, ...texts: string[]): Entry => ({ tag, type: TYPES.STRING_ARRAY, count: texts.length, value: Buffer.from(texts.map((t) => `${t}\0`).join('')) });

test('a real header: name, epoch, version, release, arch, source rpm, licence, vendor, files', () => {
  const header = parseRpmHeader(blobs.get('picket-ssl-libs')!, FILE);
  assert.equal(header.string(RpmTag.NAME), 'picket-ssl-libs');
  assert.deepEqual(header.int32s(RpmTag.EPOCH), [1]);
  assert.equal(header.string(RpmTag.SOURCERPM), 'picket-ssl-3.0.7-27.el9.src.rpm');
  assert.deepEqual(header.strings(RpmTag.BASENAMES), ['libpicket.so.3']);
  assert.deepEqual(installedRpmOf(header, FILE), {
    package: {
      id: 'picket-ssl-libs@3.0.7-27.el9.noarch',
      name: 'picket-ssl-libs',
      version: '1:3.0.7-27.el9',
      srcName: 'picket-ssl',
      srcVersion: '1:3.0.7-27.el9',
      arch: 'noarch',
      licenses: ['Apache-2.0'],
      maintainer: 'Picket Test',
    },
    files: ['usr/lib64/picket-ssl/libpicket.so.3'],
  });
});

test('no epoch: the version is version-release; a modular build keeps its module stream', () => {
  const python = installedRpmOf(parseRpmHeader(blobs.get('python3-picket-demo')!, FILE), FILE)!;
  assert.equal(python.package.version, '1.2-1.el9');
  // LICENSE `MIT AND (Apache-2.0 OR BSD-3-Clause)`: split at AND, the OR kept together
  assert.deepEqual(python.package.licenses, ['MIT', 'Apache-2.0 OR BSD-3-Clause']);
  assert.deepEqual(python.files.sort(), ['usr/lib/python3/site-packages/picket_demo-1.2.dist-info/METADATA', 'usr/lib/python3/site-packages/picket_demo/__init__.py']);
  const modular = installedRpmOf(parseRpmHeader(blobs.get('picket-modular')!, FILE), FILE)!;
  assert.equal(modular.modularityLabel, 'nodejs:18:9030020231019152822:rhel9');
});

test('source rpm file names', () => {
  assert.deepEqual(parseSourceRpm('openssl-3.0.7-27.el9.src.rpm'), { name: 'openssl', versionRelease: '3.0.7-27.el9' });
  assert.deepEqual(parseSourceRpm('kernel-5.14.0-362.8.1.el9_3.src.rpm'), { name: 'kernel', versionRelease: '5.14.0-362.8.1.el9_3' });
  assert.deepEqual(parseSourceRpm('python-pip-21.3.1-1.el9.nosrc.rpm'), { name: 'python-pip', versionRelease: '21.3.1-1.el9' });
  assert.equal(parseSourceRpm('(none)'), undefined);
  assert.equal(parseSourceRpm(''), undefined);
  assert.equal(parseSourceRpm('openssl-3.0.7.src.rpm'), undefined);
});

test('gpg-pubkey entries are skipped; a package without SOURCERPM is its own source; old-style file lists', () => {
  const key = encodeHeader([str(RpmTag.NAME, 'gpg-pubkey'), str(RpmTag.VERSION, 'fd431d51'), str(RpmTag.RELEASE, '4ae0493b')]);
  const plain = encodeHeader([str(RpmTag.NAME, 'legacy'), str(RpmTag.VERSION, '1.0'), str(RpmTag.RELEASE, '1'), str(RpmTag.ARCH, 'i386'), strArray(RpmTag.OLDFILENAMES, '/usr/bin/legacy', '/etc/legacy.conf')]);
  const result = rpmDatabaseResult(FILE, [key, plain]);
  assert.deepEqual(result.osPackages, [{ manager: 'rpm', filePath: FILE, packages: [{ id: 'legacy@1.0-1.i386', name: 'legacy', version: '1.0-1', srcName: 'legacy', srcVersion: '1.0-1', arch: 'i386' }] }]);
  assert.deepEqual(result.ownedFiles, ['usr/bin/legacy', 'etc/legacy.conf']);
  assert.deepEqual(rpmDatabaseResult(FILE, [key]), {}, 'only keys: no package set');
  const withEpochZero = encodeHeader([str(RpmTag.NAME, 'z'), str(RpmTag.VERSION, '2'), str(RpmTag.RELEASE, '3'), int32(RpmTag.EPOCH, 0)]);
  assert.equal(rpmDatabaseResult(FILE, [withEpochZero]).osPackages![0].packages[0].version, '2-3', 'epoch 0 is left out');
});

test('a corrupt header is a ParseError: sizes past the blob, strings without end, mismatched file lists', () => {
  const real = blobs.get('picket-ssl')!;
  const base = [str(RpmTag.NAME, 'x'), str(RpmTag.VERSION, '1')];
  const cases: [string, Buffer][] = [
    ['shorter than its sizes', real.subarray(0, real.length - 1)],
    ['too short', Buffer.alloc(4)],
    ['no entries', encodeHeader([], { il: 0 })],
    ['more entries than rpm allows', encodeHeader(base, { il: 0x10000 })],
    ['index entries past the blob', encodeHeader(base, { il: 1000 })],
    ['a larger data store than rpm allows', encodeHeader(base, { dl: 0x7fffffff })],
    ['data store past the blob', encodeHeader(base, { dl: 1000 })],
    ['string offset past the data store', encodeHeader([{ ...str(RpmTag.NAME, 'x'), offset: 1000 }, str(RpmTag.VERSION, '1')])],
    ['string without its NUL', encodeHeader([str(RpmTag.VERSION, '1'), { tag: RpmTag.NAME, type: TYPES.STRING, value: Buffer.from('xyz') }])],
    ['string array with a huge count', encodeHeader([...base, { ...strArray(RpmTag.BASENAMES, 'a'), count: 0xffffffff }])],
    ['INT32 count past the data store', encodeHeader([...base, { ...int32(RpmTag.EPOCH, 1), count: 1000 }])],
    ['NAME of the wrong type', encodeHeader([{ ...int32(RpmTag.NAME, 1) }, str(RpmTag.VERSION, '1')])],
    ['no NAME', encodeHeader([str(RpmTag.VERSION, '1')])],
    ['fewer directory indexes than names', encodeHeader([...base, strArray(RpmTag.BASENAMES, 'a', 'b'), strArray(RpmTag.DIRNAMES, '/usr/'), int32(RpmTag.DIRINDEXES, 0)])],
    ['directory index out of range', encodeHeader([...base, strArray(RpmTag.BASENAMES, 'a'), strArray(RpmTag.DIRNAMES, '/usr/'), int32(RpmTag.DIRINDEXES, 5)])],
  ];
  for (const [what, blob] of cases) {
    assert.throws(() => rpmDatabaseResult(FILE, [blob]), (err) => err instanceof ParseError && err.file === FILE, what);
  }
});
