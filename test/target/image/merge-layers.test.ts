import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../support/temp.js';
import { analyzers } from '../../../src/analyzer/registry.js';
import { analyzeLayer } from '../../../src/target/image/analyze-layer.js';
import { mergeLayers } from '../../../src/target/image/merge-layers.js';
import type { ImageLayer } from '../../../src/target/image/types.js';

const work = tempDir('picket-merge-');
const installed = analyzers.filter((a) => (a.scope ?? 'source') !== 'source');

/** A real gzip layer tar built from files (`null` content = a whiteout `.wh.` entry). */
function layer(name: string, files: Record<string, string | null>): ImageLayer {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    const parts = path.split('/');
    const target = content === null ? join(dir, ...parts.slice(0, -1), `.wh.${parts.at(-1)}`) : join(dir, path);
    mkdirSync(join(target, '..'), { recursive: true });
    writeFileSync(target, content ?? '');
  }
  const tar = join(work, `${name}.tar.gz`);
  execFileSync('tar', ['-C', dir, '-czf', tar, '.']);
  return { diffId: `sha256:${name.padEnd(64, '0')}`, digest: `sha256:${name.padEnd(64, 'f')}`, open: async () => createReadStream(tar) };
}

const status = (pkgs: [string, string][]) => pkgs.map(([p, v]) => `Package: ${p}\nStatus: install ok installed\nVersion: ${v}\nArchitecture: amd64\n`).join('\n');
const nodePkg = (name: string, version: string) => JSON.stringify({ name, version, license: 'MIT' });

test('layers apply bottom to top: whiteouts delete, later files replace, packages keep their origin layer', async () => {
  const layers = [
    layer('base', {
      'etc/os-release': 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n',
      'etc/debian_version': '12.4\n',
      'var/lib/dpkg/status': status([['bash', '5.2.15-2+b2'], ['libc6', '2.36-9+deb12u3']]),
      'usr/lib/node_modules/left-pad/package.json': nodePkg('left-pad', '1.3.0'),
      'usr/lib/node_modules/lodash/package.json': nodePkg('lodash', '4.17.20'),
    }),
    layer('app', {
      // dpkg rewrites the whole status file: bash stays from the base layer, curl is new.
      'var/lib/dpkg/status': status([['bash', '5.2.15-2+b2'], ['libc6', '2.36-9+deb12u3'], ['curl', '7.88.1-10+deb12u5']]),
      'usr/lib/node_modules/left-pad': null,
      'usr/lib/node_modules/lodash/package.json': nodePkg('lodash', '4.17.21'),
    }),
  ];
  const ref = (l: ImageLayer) => ({ digest: l.digest, diffId: l.diffId });
  const facts = mergeLayers(await Promise.all(layers.map(async (l) => ({ ref: ref(l), facts: await analyzeLayer(l, installed, { imageName: 'test' }) }))));

  assert.deepEqual(facts.os, { family: 'debian', name: '12.4', from: 'release-file' });
  assert.equal(facts.osPackages.length, 1);
  const dpkg = new Map(facts.osPackages[0].packages.map((p) => [p.name, p.layer?.diffId]));
  assert.deepEqual(Object.fromEntries(dpkg), { bash: layers[0].diffId, libc6: layers[0].diffId, curl: layers[1].diffId });

  const node = facts.applications.flatMap((a) => a.packages.map((p) => `${p.name}@${p.version} ${p.layer?.diffId === layers[1].diffId ? 'app' : 'base'}`));
  assert.deepEqual(node, ['lodash@4.17.21 app']);
});

test('an opaque directory hides everything lower layers had under it', async () => {
  const dirLayer = (name: string, files: Record<string, string>) => layer(name, files);
  const lower = dirLayer('lower', { 'usr/lib/node_modules/a/package.json': nodePkg('a', '1.0.0'), 'usr/lib/node_modules/b/package.json': nodePkg('b', '1.0.0') });
  const upper = dirLayer('upper', { 'usr/lib/node_modules/.wh..wh..opq': '', 'usr/lib/node_modules/c/package.json': nodePkg('c', '2.0.0') });
  const facts = mergeLayers(await Promise.all([lower, upper].map(async (l) => ({ ref: { diffId: l.diffId }, facts: await analyzeLayer(l, installed, { imageName: 'test' }) }))));
  assert.deepEqual(facts.applications.flatMap((a) => a.packages.map((p) => p.name)), ['c']);
});

test('a file that stops parsing in a later layer hides its earlier facts (with a warning)', async () => {
  const good = layer('good', { 'usr/lib/node_modules/x/package.json': nodePkg('x', '1.0.0') });
  const bad = layer('bad', { 'usr/lib/node_modules/x/package.json': '{ not json' });
  const all = await Promise.all([good, bad].map(async (l) => ({ ref: { diffId: l.diffId }, facts: await analyzeLayer(l, installed, { imageName: 'test' }) })));
  assert.equal(all[1].facts.warnings.length, 1);
  assert.match(all[1].facts.warnings[0], /usr\/lib\/node_modules\/x\/package\.json/);
  assert.deepEqual(mergeLayers(all).applications.flatMap((a) => a.packages), []);
});
