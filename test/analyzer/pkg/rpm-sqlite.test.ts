/**
 * rpm's sqlite database, made at test time by Debian's rpmbuild + rpm (test/support/rpm.ts), read
 * by picket and compared with what `rpm -qa` itself prints for the same database.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { rpmSqliteAnalyzer } from '../../../src/analyzer/pkg/rpm-sqlite.js';
import { ParseError } from '../../../src/analyzer/parse-error.js';
import type { AnalysisResult, Package } from '../../../src/analyzer/types.js';
import { makeRpmRoot, rpmQueryAll, testSpecs } from '../../support/rpm.js';
import { sharedPath } from '../../support/paths.js';
import { tempDir } from '../../support/temp.js';

const DB = 'var/lib/rpm/rpmdb.sqlite';
const root = join(tempDir(), 'root');
const QUERY = '%{NAME} %{EPOCHNUM} %{VERSION} %{RELEASE} %{ARCH} %{SOURCERPM}\\n';

before(() => {
  makeRpmRoot(root, tempDir());
});

/** Analyzes `relPath` under `dir` the way the pipeline does (siblings readable). */
function analyzeIn(dir: string, relPath: string, content?: Buffer): Promise<AnalysisResult> {
  return rpmSqliteAnalyzer.analyze({
    path: relPath,
    content: content ?? readFileSync(join(dir, relPath)),
    readFile: async (rel) => {
      try {
        return readFileSync(join(dir, rel));
      } catch {
        return undefined;
      }
    },
  });
}

/** A package in `rpm -qa --qf QUERY` form: epoch and source rpm rebuilt from what picket reports. */
function asRpmLine(p: Package): string {
  const [, epoch = '0', version, release] = /^(?:(\d+):)?(.+)-([^-]+)$/.exec(p.version)!;
  const srcVersionRelease = p.srcVersion!.replace(/^\d+:/, '');
  return `${p.name} ${epoch} ${version} ${release} ${p.arch} ${p.srcName}-${srcVersionRelease}.src.rpm`;
}

test('every package rpm -qa lists, with epoch, release, arch and source package', async () => {
  const result = await analyzeIn(root, DB);
  const [set] = result.osPackages!;
  assert.equal(set.manager, 'rpm');
  assert.equal(set.filePath, DB);
  const expected = rpmQueryAll(root, QUERY);
  assert.equal(expected.length, 4);
  assert.deepEqual(set.packages.map(asRpmLine).sort(), expected);
  const libs = set.packages.find((p) => p.name === 'picket-ssl-libs')!;
  assert.deepEqual([libs.id, libs.version, libs.srcName, libs.srcVersion, libs.licenses, libs.maintainer], [
    'picket-ssl-libs@3.0.7-27.el9.noarch', '1:3.0.7-27.el9', 'picket-ssl', '1:3.0.7-27.el9', ['Apache-2.0'], 'Picket Test',
  ]);
});

test('owned files are every file rpm -ql lists, relative to the root', async () => {
  const result = await analyzeIn(root, DB);
  const listed = rpmQueryAll(root, '[%{FILENAMES}\\n]').map((f) => f.slice(1));
  assert.deepEqual([...result.ownedFiles!].sort(), listed);
  assert.ok(result.ownedFiles!.includes('usr/lib/python3/site-packages/picket_demo-1.2.dist-info/METADATA'));
});

test('frames still in the -wal file are read: a package erased there is gone', async () => {
  // A snapshot taken while a writer had the database open: the main file still lists the
  // package, the write-ahead log erases it. rpm itself replays the log; so must picket.
  const copy = join(tempDir(), 'root');
  mkdirSync(join(copy, 'var/lib/rpm'), { recursive: true });
  const work = join(tempDir(), 'rpmdb.sqlite');
  copyFileSync(join(root, DB), work);
  const writer = new Database(work);
  writer.pragma('wal_autocheckpoint = 0');
  const { hnum } = writer.prepare("SELECT hnum FROM Name WHERE key = 'picket-modular'").get() as { hnum: number };
  // As `rpm -e` does: the index rows first (they reference Packages), then the header.
  const tables = (writer.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%REFERENCES%'").all() as { name: string }[]).map((t) => t.name);
  for (const table of [...tables, 'Packages']) writer.prepare(`DELETE FROM '${table}' WHERE hnum = ?`).run(hnum);
  copyFileSync(work, join(copy, DB));
  copyFileSync(`${work}-wal`, join(copy, `${DB}-wal`));
  writer.close();
  assert.ok(readFileSync(join(copy, `${DB}-wal`)).length > 0);

  const names = (r: AnalysisResult) => r.osPackages![0].packages.map((p) => p.name).sort();
  assert.deepEqual(names(await analyzeIn(copy, DB)), ['picket-ssl', 'picket-ssl-libs', 'python3-picket-demo']);
  assert.deepEqual(rpmQueryAll(copy, '%{NAME}\\n'), ['picket-ssl', 'picket-ssl-libs', 'python3-picket-demo']);
  // Without the log the main file alone still has all four.
  assert.equal((await analyzeIn(tempDir(), DB, readFileSync(join(copy, DB)))).osPackages![0].packages.length, 4);
});

test('the /usr/lib/sysimage/rpm location (Fedora, SUSE) is read too', async () => {
  const sysimage = join(tempDir(), 'root');
  makeRpmRoot(sysimage, tempDir(), [testSpecs[1]], '/usr/lib/sysimage/rpm');
  const path = 'usr/lib/sysimage/rpm/rpmdb.sqlite';
  assert.equal(rpmSqliteAnalyzer.wants({ path, size: 1 }), true);
  assert.deepEqual((await analyzeIn(sysimage, path)).osPackages![0].packages.map((p) => p.name), ['python3-picket-demo']);
  for (const other of ['var/lib/rpm/rpmdb.sqlite-wal', 'srv/var/lib/rpm/rpmdb.sqlite', 'var/lib/rpm/Packages']) {
    assert.equal(rpmSqliteAnalyzer.wants({ path: other, size: 1 }), false, other);
  }
});

test('not an rpm sqlite database: empty, not SQLite, no Packages table, truncated, a corrupt blob → ParseError', async () => {
  const scalibr = 'fixtures/lockfiles/osv-scalibr-extractor/filesystem/os/rpm/testdata';
  const noTable = join(tempDir(), 'other.sqlite');
  const other = new Database(noTable);
  other.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
  other.close();
  const corrupt = join(tempDir(), 'corrupt.sqlite');
  copyFileSync(join(root, DB), corrupt);
  const db = new Database(corrupt);
  db.prepare('UPDATE Packages SET blob = substr(blob, 1, 100) WHERE hnum = (SELECT min(hnum) FROM Packages)').run();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const real = readFileSync(join(root, DB));
  const cases: [string, Buffer][] = [
    ['empty (osv-scalibr testdata)', readFileSync(sharedPath(`${scalibr}/empty.sqlite`))],
    ['not SQLite (osv-scalibr testdata)', readFileSync(sharedPath(`${scalibr}/invalid`))],
    ['no Packages table', readFileSync(noTable)],
    ['truncated to its first page', real.subarray(0, 4096)],
    ['a blob cut short', readFileSync(corrupt)],
  ];
  for (const [what, content] of cases) {
    const dir = tempDir();
    mkdirSync(dirname(join(dir, DB)), { recursive: true });
    writeFileSync(join(dir, DB), content);
    await assert.rejects(analyzeIn(dir, DB), (err) => err instanceof ParseError && err.file === DB, what);
  }
});
