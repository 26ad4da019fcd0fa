/**
 * Broken and hostile images (test/support/image-bad-inputs.ts): a docker-archive cut in the middle
 * of a layer blob, an OCI layout whose layer blob is cut short, layers with `../` entries, symlink
 * loops (one on etc/os-release), an unknown manifest media type. Each damaged scan must fail with
 * exit code != 0 and one stderr line naming the image (no stack trace), and write nothing outside
 * its cache dir: the test's whole temp dir is listed before and after. Symlink loops are not
 * damage (links are never followed): that scan succeeds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runPicket } from '../support/cli.js';
import {
  baseMembers, osReleaseMembers, symlinkLoopMembers, traversalMembers, UNKNOWN_MANIFEST_TYPE,
  writeGoodSmallImage, writeHandMadeLayout, writeTruncatedDockerArchive, writeTruncatedLayerLayout,
} from '../support/image-bad-inputs.js';
import { dbSourceArgs, imageTestDb } from '../support/image-db.js';
import { errorLines, scanFlags } from '../support/image-report.js';
import { tempDir } from '../support/temp.js';

// Made at the top level: a temp dir made in a before() hook is removed when the hook ends.
const work = tempDir('picket-bad-image-');
const inputs = join(work, 'inputs');
mkdirSync(inputs);
const good = writeGoodSmallImage(inputs);

/** Every path under `dir` (relative), except under `skip`. */
function listing(dir: string, skip: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (path === skip) continue;
      out.push(`${relative(dir, path)} ${entry.isDirectory() ? 'dir' : statSync(path, { throwIfNoEntry: false })?.size ?? 'link'}`);
      if (entry.isDirectory()) walk(path);
    }
  };
  walk(dir);
  return out.sort();
}

/** Every path under `dir` whose name starts with `evil`. */
function evilFiles(dir: string): string[] {
  return listing(dir, '').filter((line) => /(^|\/)evil/.test(line.split(' ')[0]));
}

/** Scans `input` with a fresh cache dir inside the work dir and checks how it failed. */
async function expectFailure(input: string, named: string | RegExp): Promise<string> {
  const cacheDir = join(work, `cache-${readdirSync(work).length}`);
  mkdirSync(join(cacheDir, 'db'), { recursive: true });
  copyFileSync(await imageTestDb(), join(cacheDir, 'db', 'picket.db'));
  const before = listing(work, cacheDir);
  const tmpEvil = existsSync(join(tmpdir(), 'evil'));
  const r = await runPicket(['image', '--input', input, ...scanFlags, '--cache-dir', cacheDir, ...(await dbSourceArgs())], { timeoutMs: 120_000 });
  assert.notEqual(r.code, 0, `scan of ${input} should fail:\n${r.stdout.slice(0, 500)}\n${r.stderr}`);
  assert.notEqual(r.code, null, `scan of ${input} was killed (hung?)`);
  const lines = errorLines(r.stderr);
  assert.equal(lines.length, 1, `one error line:\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  if (typeof named === 'string') assert.ok(lines[0].includes(named), `the error names ${named}: ${lines[0]}`);
  else assert.match(lines[0], named);
  assert.deepEqual(listing(work, cacheDir), before, 'nothing written outside the cache dir');
  assert.deepEqual(evilFiles(work), [], 'no traversal entry written anywhere');
  if (!tmpEvil) assert.equal(existsSync(join(tmpdir(), 'evil')), false);
  return lines[0];
}

test('a docker-archive cut in the middle of a layer blob', async () => {
  const truncated = join(inputs, 'truncated-docker.tar');
  const { member } = writeTruncatedDockerArchive(good.dockerArchive, truncated);
  assert.match(member, /\.tar$/, 'the cut is inside a layer');
  await expectFailure(truncated, truncated);
});

test('an OCI layout whose layer blob ends early', async () => {
  const layout = join(inputs, 'truncated-layout');
  writeTruncatedLayerLayout(good.layout, layout);
  await expectFailure(`${layout}:ok`, layout);
});

test('a layer with ../ entries: refused, nothing written outside', async () => {
  const layout = join(inputs, 'traversal-layout');
  writeHandMadeLayout(layout, [baseMembers(), traversalMembers(work)]);
  await expectFailure(layout, layout);
  assert.equal(existsSync(join(work, 'evil-escaped')), false);
});

test('a layer whose symlinks loop (etc/os-release among them) is scanned: links are never followed, so a loop cannot hang it', async () => {
  // Real images carry self-referencing links (Debian's usr/bin/X11 -> .): refusing them would
  // refuse real images. Nothing is written outside the cache dir.
  const layout = join(inputs, 'symlink-loop-layout');
  writeHandMadeLayout(layout, [baseMembers(), symlinkLoopMembers()]);
  const cacheDir = join(work, `cache-${readdirSync(work).length}`);
  mkdirSync(join(cacheDir, 'db'), { recursive: true });
  copyFileSync(await imageTestDb(), join(cacheDir, 'db', 'picket.db'));
  const before = listing(work, cacheDir);
  const r = await runPicket(['image', '--input', layout, ...scanFlags, '--cache-dir', cacheDir, ...(await dbSourceArgs())], { timeoutMs: 120_000 });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(listing(work, cacheDir), before, 'nothing written outside the cache dir');
});

test('a manifest of an unknown media type', async () => {
  const layout = join(inputs, 'unknown-media-type-layout');
  writeHandMadeLayout(layout, [osReleaseMembers()], { manifestMediaType: UNKNOWN_MANIFEST_TYPE });
  const line = await expectFailure(layout, layout);
  assert.ok(line.includes(UNKNOWN_MANIFEST_TYPE), line);
});

test('the good image these are made from scans fine (the failures above are the damage, not the image)', async () => {
  const cacheDir = join(work, 'cache-good');
  mkdirSync(join(cacheDir, 'db'), { recursive: true });
  copyFileSync(await imageTestDb(), join(cacheDir, 'db', 'picket.db'));
  for (const input of [good.dockerArchive, `${good.layout}:ok`]) {
    const r = await runPicket(['image', '--input', input, ...scanFlags, '--cache-dir', cacheDir, ...(await dbSourceArgs())], { timeoutMs: 120_000 });
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { Metadata: { OS?: { Family: string } }; Results: { Packages?: { Name: string }[] }[] };
    assert.equal(report.Metadata.OS?.Family, 'alpine');
    assert.deepEqual(report.Results.flatMap((x) => (x.Packages ?? []).map((p) => p.Name)), ['musl']);
  }
});
