// `picket image` against a real registry, measured against the floor of unpacking the same layers.
//
// The Debian 12 test image (test/support/test-images.ts, built once per machine) is pushed with
// skopeo to a docker-registry this script starts on 127.0.0.1 (and stops). Then:
// - cold scan: `picket image 127.0.0.1:PORT/bench/debian:12` with an empty scan cache (the DB,
//   built beforehand from ../shared/db-seed, is copied into the cache dir; --skip-db-update), vs
//   `tar -xzf` of each layer blob (downloaded beforehand) into an empty directory: the ratio;
// - warm re-scan with the same cache dir;
// - peak RSS of cold scans of ~1 GB and ~2 GB images (the Debian image plus one layer of real
//   /usr/lib files, test/support/image-big.ts), to show memory does not grow with image size.
// Prints figures and ratios; asserts nothing. Needs dist/ (npm run build), skopeo, umoci,
// mmdebstrap, docker-registry. BENCH_RUNS (default 3) sets the runs per figure (medians);
// BENCH_BIG=0 skips the big images; BENCH_SCAN_ARGS adds flags to every scan (space-separated).
// A scan that fails is shown as FAILED with picket's message, and the other figures still print.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';
import { startRegistry } from './lib/registry.mjs';

// The test images are built by the tests' own TypeScript helpers.
register();
const { debianImage } = await import('../test/support/test-images.ts');
const { bigImage } = await import('../test/support/image-big.ts');

const root = fileURLToPath(new URL('..', import.meta.url));
const shared = join(root, '..', 'shared');
const picket = join(root, 'bin', 'picket.js');
const runs = Number(process.env.BENCH_RUNS ?? 3);
const withBig = process.env.BENCH_BIG !== '0';
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const mb = (kb) => `${Math.round(kb / 1024)} MB`;
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

/** Runs a command under /usr/bin/time; returns wall time (ms) and peak RSS (KB). Throws on failure. */
function measured(command, args) {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  const lines = r.stderr.trim().split('\n');
  return { ms, rssKb: Number(lines[lines.length - 1]) };
}

function run(command, args) {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  return r.stdout;
}

const work = mkdtempSync(join(tmpdir(), 'picket-bench-image-'));
const registryDir = join(work, 'registry');
mkdirSync(registryDir);
const registry = await startRegistry(registryDir);
try {
  // The DB, built once for this run in its own cache dir.
  const dbCache = join(work, 'db-cache');
  let t = performance.now();
  run(process.execPath, [picket, 'db', 'build', '-q', '--source', join(shared, 'db-seed'), '--cache-dir', dbCache]);
  const dbBuildMs = performance.now() - t;
  /** A cache dir holding only the DB: a cold scan cache. */
  const coldCache = (name) => {
    const dir = join(work, name);
    mkdirSync(join(dir, 'db'), { recursive: true });
    copyFileSync(join(dbCache, 'db', 'picket.db'), join(dir, 'db', 'picket.db'));
    return dir;
  };
  const extra = (process.env.BENCH_SCAN_ARGS ?? '').split(' ').filter((a) => a !== '');
  const scanArgs = (ref, cacheDir) => [picket, 'image', ref, '--format', 'json', '--list-all-pkgs', '--no-progress', '-q', '--skip-db-update', '--cache-dir', cacheDir, '-o', join(work, 'report.json'), ...extra];

  /** Pushes an OCI layout image; returns the reference and the layer blob digests the registry serves. */
  const push = async (layout, tag, repo) => {
    run('skopeo', ['--insecure-policy', 'copy', '-q', '--dest-tls-verify=false', `oci:${layout}:${tag}`, `docker://${registry.host}/${repo}`]);
    const [name, ref] = repo.split(':');
    const response = await fetch(`http://${registry.host}/v2/${name}/manifests/${ref}`, { headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } });
    const manifest = await response.json();
    return { ref: `${registry.host}/${repo}`, name, layers: manifest.layers.map((l) => ({ digest: l.digest, size: l.size })) };
  };

  /** Downloads the layer blobs (not timed), then times `tar -xzf` of each into a fresh dir: the floor. */
  const tarFloor = async (image, label) => {
    const blobs = [];
    for (const layer of image.layers) {
      const file = join(work, `${label}-${layer.digest.slice(7, 19)}.tar.gz`);
      run('curl', ['-fsS', '-o', file, `http://${registry.host}/v2/${image.name}/blobs/${layer.digest}`]);
      blobs.push(file);
    }
    const times = [];
    for (let i = 0; i < runs; i++) {
      const out = join(work, `${label}-untar-${i}`);
      mkdirSync(out);
      const t0 = performance.now();
      for (const blob of blobs) run('tar', ['-xzf', blob, '-C', out]);
      times.push(performance.now() - t0);
      rmSync(out, { recursive: true, force: true });
    }
    for (const blob of blobs) rmSync(blob);
    return median(times);
  };

  /** Median time and max RSS of `runs` cold scans; `error` (the scan's own message) when picket failed. */
  const coldScan = (ref, label) => {
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const cache = coldCache(`${label}-cold-${i}`);
      try {
        samples.push(measured(process.execPath, scanArgs(ref, cache)));
      } catch (error) {
        return { error: /picket: .*/.exec(error.message)?.[0] ?? error.message.split('\n')[0] };
      } finally {
        rmSync(cache, { recursive: true, force: true });
      }
    }
    return { ms: median(samples.map((x) => x.ms)), rssKb: Math.max(...samples.map((x) => x.rssKb)) };
  };
  const failed = (result) => (result.error ? `FAILED: ${result.error}` : undefined);

  const rows = [];
  t = performance.now();
  const debian = await debianImage();
  const imageMs = performance.now() - t;
  const pushed = await push(debian.ociLayout, debian.ociTag, 'bench/debian:12');
  const compressed = pushed.layers.reduce((n, l) => n + l.size, 0);
  const floor = await tarFloor(pushed, 'debian');
  const cold = coldScan(pushed.ref, 'debian');
  let warm = { error: 'the cold scan failed' };
  if (!cold.error) {
    const warmCache = coldCache('debian-warm');
    run(process.execPath, scanArgs(pushed.ref, warmCache));
    const warmSamples = [];
    for (let i = 0; i < Math.max(runs, 5); i++) warmSamples.push(measured(process.execPath, scanArgs(pushed.ref, warmCache)));
    warm = { ms: median(warmSamples.map((x) => x.ms)), rssKb: Math.max(...warmSamples.map((x) => x.rssKb)) };
  }
  const version = measured(process.execPath, [picket, '--version']);
  rows.push(['debian:12 cold scan (registry)', `${(compressed / 1e6).toFixed(0)} MB gz, ${pushed.layers.length} layers`, failed(cold) ?? s(cold.ms), s(floor), cold.error ? '-' : `${(cold.ms / floor).toFixed(2)}x (goal <= 1.3x)`, cold.error ? '-' : mb(cold.rssKb)]);
  rows.push(['debian:12 warm re-scan', 'same cache dir', failed(warm) ?? s(warm.ms), '-', 'goal <= 0.40 s', warm.error ? '-' : mb(warm.rssKb)]);
  rows.push(['picket --version', 'node startup floor', s(version.ms), '-', '-', mb(version.rssKb)]);

  if (withBig) {
    for (const gigabytes of [1, 2]) {
      const big = await bigImage(gigabytes);
      const p = await push(big.ociLayout, big.ociTag, `bench/debian-big:${gigabytes}g`);
      const size = p.layers.reduce((n, l) => n + l.size, 0);
      const bigFloor = await tarFloor(p, `big${gigabytes}`);
      const bigCold = coldScan(p.ref, `big${gigabytes}`);
      rows.push([`debian:12 + ${gigabytes} GB layer cold scan`, `${(big.addedBytes / 1e9).toFixed(2)} GB in ${big.addedFiles} files, ${(size / 1e6).toFixed(0)} MB gz`, failed(bigCold) ?? s(bigCold.ms), s(bigFloor), bigCold.error ? '-' : `${(bigCold.ms / bigFloor).toFixed(2)}x`, bigCold.error ? '-' : `${mb(bigCold.rssKb)} (goal <= 300 MB)`]);
    }
  }

  const header = ['case', 'image', 'picket', 'tar -xzf floor', 'ratio', 'peak RSS'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ');
  console.log(`image-scan bench: ${runs} runs per figure (medians; RSS = max), DB build ${s(dbBuildMs)}, test image ready in ${s(imageMs)}${extra.length ? `, scan flags: ${extra.join(' ')}` : ''}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const row of rows) console.log(line(row));
} finally {
  await registry.stop();
  rmSync(work, { recursive: true, force: true });
}
