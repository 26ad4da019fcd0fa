// Packages parsed per second by each lockfile analyzer on the largest real lockfiles
// (../shared/fixtures/lockfiles/osv-detector-e2e), then on large synthetic files in the layout the
// tools write where the fixtures have no large real one (.NET: *.deps.json, packages.lock.json,
// packages.config), against a floor measured in the same run: splitting the same text into lines.
// Goal: >= 50,000 packages/s.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzers } from '../dist/analyzer/registry.js';

const dir = fileURLToPath(new URL('../../shared/fixtures/lockfiles/osv-detector-e2e/', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 7);
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];

async function measure(name, path, content) {
  const analyzer = analyzers.find((a) => a.wants({ path, size: 0 }));
  if (!analyzer) {
    console.log(`${name}: no analyzer`);
    return;
  }
  const input = { path, content, readFile: async () => undefined };
  let packages = 0;
  const times = [];
  const floors = [];
  await analyzer.analyze(input); // warm-up
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    const result = await analyzer.analyze(input);
    times.push(performance.now() - t);
    packages = (result.applications ?? []).reduce((n, a) => n + a.packages.length, 0);
    t = performance.now();
    content.toString('utf8').split('\n');
    floors.push(performance.now() - t);
  }
  const ms = median(times);
  const rate = packages / (ms / 1000);
  console.log(`${name} (${analyzer.name}): ${packages} packages in ${ms.toFixed(1)} ms = ${Math.round(rate).toLocaleString('en')} packages/s; ${(ms / median(floors)).toFixed(1)}x the line-split floor`);
}

for (const name of readdirSync(dir).filter((f) => !f.endsWith('.out.txt')).sort()) {
  await measure(name, name, readFileSync(join(dir, name)));
}

// --- synthetic .NET files: N libraries, each depending on the next two --------------------------

const N = Number(process.env.BENCH_SYNTHETIC_PACKAGES ?? 3000);
const lib = (i) => ({ name: `Vendor${i % 37}.Library${i}.Extensions`, version: `${1 + (i % 9)}.${i % 13}.${i % 7}` });
const depsOf = (i) => [i + 1, i + 2].filter((j) => j < N).map(lib);

/** A self-contained app's .deps.json as `dotnet publish` writes it (2-space indent). */
function depsJson() {
  const target = { 'App/1.0.0': { dependencies: Object.fromEntries(depsOf(-1).map((d) => [d.name, d.version])), runtime: { 'App.dll': {} } } };
  const libraries = { 'App/1.0.0': { type: 'project', serviceable: false, sha512: '' } };
  for (let i = 0; i < N; i++) {
    const { name, version } = lib(i);
    target[`${name}/${version}`] = {
      dependencies: Object.fromEntries(depsOf(i).map((d) => [d.name, d.version])),
      runtime: { [`lib/net8.0/${name}.dll`]: { assemblyVersion: `${version}.0`, fileVersion: `${version}.0` } },
    };
    libraries[`${name}/${version}`] = {
      type: 'package',
      serviceable: true,
      sha512: `sha512-${Buffer.alloc(64, i).toString('base64')}`,
      path: `${name.toLowerCase()}/${version}`,
      hashPath: `${name.toLowerCase()}.${version}.nupkg.sha512`,
    };
  }
  const doc = { runtimeTarget: { name: '.NETCoreApp,Version=v8.0', signature: '' }, compilationOptions: {}, targets: { '.NETCoreApp,Version=v8.0': target }, libraries };
  return JSON.stringify(doc, null, 2);
}

/** packages.lock.json as `dotnet restore --use-lock-file` writes it. */
function packagesLock() {
  const entries = {};
  for (let i = 0; i < N; i++) {
    const { name, version } = lib(i);
    entries[name] = {
      type: i < 10 ? 'Direct' : 'Transitive',
      ...(i < 10 ? { requested: `[${version}, )` } : {}),
      resolved: version,
      contentHash: Buffer.alloc(64, i).toString('base64'),
      ...(depsOf(i).length > 0 ? { dependencies: Object.fromEntries(depsOf(i).map((d) => [d.name, d.version])) } : {}),
    };
  }
  return JSON.stringify({ version: 1, dependencies: { 'net8.0': entries } }, null, 2);
}

/** packages.config as NuGet writes it. */
function packagesConfig() {
  const lines = ['<?xml version="1.0" encoding="utf-8"?>', '<packages>'];
  for (let i = 0; i < N; i++) {
    const { name, version } = lib(i);
    lines.push(`  <package id="${name}" version="${version}" targetFramework="net48"${i % 10 === 9 ? ' developmentDependency="true"' : ''} />`);
  }
  lines.push('</packages>', '');
  return lines.join('\r\n');
}

await measure(`synthetic App.deps.json, ${N} libraries`, 'App.deps.json', Buffer.from(depsJson()));
await measure(`synthetic packages.lock.json, ${N} packages`, 'packages.lock.json', Buffer.from(packagesLock()));
await measure(`synthetic packages.config, ${N} packages`, 'packages.config', Buffer.from(packagesConfig()));
