import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { tempDir } from '../../support/temp.js';
import { LayerError, normalizeEntryPath, readLayer, type LayerVisitor } from '../../../src/target/image/layer-reader.js';

const work = tempDir('picket-layer-');

/** A real layer made by GNU tar from a directory: plain, gzip and zstd. */
function makeLayer(name: string, files: Record<string, string>, extraTarArgs: string[] = []): { dir: string; tar: string; gz: string; zst: string } {
  const dir = join(work, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const tar = join(work, `${name}.tar`);
  execFileSync('tar', ['-C', dir, '-cf', tar, ...extraTarArgs, '.']);
  execFileSync('gzip', ['-kf', tar]);
  execFileSync('zstd', ['-qf', tar, '-o', `${tar}.zst`]);
  return { dir, tar, gz: `${tar}.gz`, zst: `${tar}.zst` };
}

interface Seen {
  files: Map<string, string>;
  whiteouts: string[];
  opaque: string[];
  skipped: string[];
}

async function walk(file: string, wants: (path: string) => boolean = () => true, options: { maxFileBytes?: number } = {}): Promise<Seen> {
  const seen: Seen = { files: new Map(), whiteouts: [], opaque: [], skipped: [] };
  const visitor: LayerVisitor = {
    wants: (info) => wants(info.path),
    onFile: (info, content) => { seen.files.set(info.path, content.toString('utf8')); },
    onWhiteout: (p) => seen.whiteouts.push(p),
    onOpaqueDir: (d) => seen.opaque.push(d),
  };
  await readLayer(createReadStream(file), visitor, { what: `layer ${file}`, onSkipped: (p) => seen.skipped.push(p), ...options });
  return seen;
}

const layer = makeLayer('base', {
  'etc/os-release': 'ID=debian\nVERSION_ID="12"\n',
  'var/lib/dpkg/status': 'Package: bash\nVersion: 5.2.15-2+b2\n\n',
  'usr/share/doc/bash/README': 'docs',
  'opt/app/.wh.removed': '',
  'opt/data/.wh..wh..opq': '',
});

for (const kind of ['tar', 'gz', 'zst'] as const) {
  test(`reads the wanted files of a ${kind} layer, whiteouts and opaque directories`, async () => {
    const seen = await walk(layer[kind], (p) => p.startsWith('etc/') || p.startsWith('var/'));
    assert.deepEqual([...seen.files.keys()].sort(), ['etc/os-release', 'var/lib/dpkg/status']);
    assert.equal(seen.files.get('etc/os-release'), 'ID=debian\nVERSION_ID="12"\n');
    assert.deepEqual(seen.whiteouts, ['opt/app/removed']);
    assert.deepEqual(seen.opaque, ['opt/data']);
  });
}

test('files over the size limit are skipped, not read', async () => {
  const seen = await walk(layer.gz, () => true, { maxFileBytes: 10 });
  assert.ok(!seen.files.has('var/lib/dpkg/status'));
  assert.ok(seen.skipped.includes('var/lib/dpkg/status'));
  assert.ok(seen.files.has('usr/share/doc/bash/README'));
});

test('entry names are cleaned; names climbing out of the root are refused', () => {
  assert.equal(normalizeEntryPath('./usr/bin/x'), 'usr/bin/x');
  assert.equal(normalizeEntryPath('/etc//passwd'), 'etc/passwd');
  assert.equal(normalizeEntryPath('../etc/passwd'), undefined);
  assert.equal(normalizeEntryPath('a/../../etc/passwd'), undefined);
  assert.equal(normalizeEntryPath('./'), undefined);
});

test('a layer with an entry named ../evil is refused with one line naming the entry', async () => {
  const dir = join(work, 'evil');
  mkdirSync(join(dir, 'sub'), { recursive: true });
  writeFileSync(join(work, 'evil.txt'), 'outside');
  writeFileSync(join(dir, 'sub', 'ok.txt'), 'inside');
  const tar = join(work, 'evil.tar');
  // GNU tar keeps `../` in names with -P; the layer must not report a path outside the root.
  execFileSync('tar', ['-C', join(dir, 'sub'), '-P', '-cf', tar, 'ok.txt', '../../evil.txt']);
  await assert.rejects(walk(tar), (err: Error) => err instanceof LayerError && /entry "\.\.\/\.\.\/evil\.txt" points outside the image root/.test(err.message));
});

test('symlinks (even loops) are not followed: only regular files are read', async () => {
  const dir = join(work, 'links');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'real'), 'x');
  symlinkSync('loop-b', join(dir, 'loop-a'));
  symlinkSync('loop-a', join(dir, 'loop-b'));
  symlinkSync('/etc/passwd', join(dir, 'passwd'));
  const tar = join(work, 'links.tar');
  execFileSync('tar', ['-C', dir, '-cf', tar, '.']);
  const seen = await walk(tar);
  assert.deepEqual([...seen.files.keys()], ['real']);
});

test('a truncated gzip layer fails with one line naming the layer', async () => {
  const big = makeLayer('big', Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`f${i}`, `${i}`.repeat(20_000 + i)])));
  const cut = join(work, 'cut.tar.gz');
  writeFileSync(cut, readFileSync(big.gz).subarray(0, Math.floor(statSync(big.gz).size / 2)));
  await assert.rejects(walk(cut), (err: Error) => err instanceof LayerError && err.message.startsWith(`layer ${cut}:`) && !err.message.includes('\n'));
});

test('a truncated plain tar fails', async () => {
  const big = makeLayer('big2', { a: 'x'.repeat(100_000), b: 'y'.repeat(100_000) });
  const cut = join(work, 'cut.tar');
  writeFileSync(cut, readFileSync(big.tar));
  truncateSync(cut, 50_000);
  await assert.rejects(walk(cut), LayerError);
});

test('a truncated zstd layer fails', async () => {
  const big = makeLayer('big3', Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, Buffer.from(Array.from({ length: 30_000 }, (_, j) => (i * j * 7919) % 251)).toString('latin1')])));
  const cut = join(work, 'cut.tar.zst');
  writeFileSync(cut, readFileSync(big.zst).subarray(0, Math.floor(statSync(big.zst).size / 2)));
  await assert.rejects(walk(cut), LayerError);
});

test('something that is not a tar is refused', async () => {
  const junk = join(work, 'junk.bin');
  writeFileSync(junk, Buffer.alloc(4096, 'not a tar at all. '));
  await assert.rejects(walk(junk), /neither a tar nor gzip\/zstd/);
});

test('a gzip bomb is stopped by the decompression ratio limit', async () => {
  const dir = join(work, 'bomb');
  mkdirSync(dir, { recursive: true });
  const tar = join(work, 'bomb.tar.gz');
  // 256 MiB of zeros compresses ~1,000×; the reader must stop long before reading all of it.
  execFileSync('sh', ['-c', `head -c 268435456 /dev/zero > '${join(dir, 'zeros')}' && tar -C '${dir}' -cf - . | gzip -9 > '${tar}' && rm '${join(dir, 'zeros')}'`]);
  await assert.rejects(walk(tar), /decompression ratio/);
});

test('reading stops and the error surfaces when an onFile handler fails', async () => {
  const visitor: LayerVisitor = {
    wants: () => true,
    onFile: async () => { throw new Error('analysis failed'); },
    onWhiteout: () => {},
    onOpaqueDir: () => {},
  };
  await assert.rejects(readLayer(Readable.from([readFileSync(layer.tar)]), visitor, { what: 'layer x' }), /layer x: analysis failed/);
});

test('file modes reach the analyzers: extensionless files nobody may execute are not taken for programs', async () => {
  const { mayBeExecutable } = await import('../../../src/analyzer/executable.js');
  const dir = join(work, 'modes');
  mkdirSync(join(dir, 'usr/bin'), { recursive: true });
  mkdirSync(join(dir, 'usr/share/doc/x'), { recursive: true });
  writeFileSync(join(dir, 'usr/bin/tool'), Buffer.alloc(2048, 1), { mode: 0o755 });
  writeFileSync(join(dir, 'usr/share/doc/x/copyright'), Buffer.alloc(2048, 2), { mode: 0o644 });
  const tar = join(work, 'modes.tar');
  execFileSync('tar', ['-C', dir, '-cf', tar, '.']);
  const seen = await walk(tar, () => true);
  assert.deepEqual([...seen.files.keys()].sort(), ['usr/bin/tool', 'usr/share/doc/x/copyright']);
  const wanted: string[] = [];
  await readLayer(createReadStream(tar), {
    wants: (info) => mayBeExecutable(info),
    onFile: (info) => { wanted.push(info.path); },
    onWhiteout: () => {},
    onOpaqueDir: () => {},
  }, { what: 'modes' });
  assert.deepEqual(wanted, ['usr/bin/tool']);
});
