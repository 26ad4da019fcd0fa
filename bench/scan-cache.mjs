// Scan cache (dist/cache/scan-cache.js) on a realistic layer-facts value (3,000 packages, the files
// dpkg owns; BENCH_PACKAGES to change): put and get rates and the stored-size ratio, against plain
// JSON files (writeFileSync(JSON.stringify) / JSON.parse(readFileSync)) measured in the same run.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { openScanCache } from '../dist/cache/scan-cache.js';

const words = ['lib', 'python3', 'perl', 'gcc', 'ssl', 'xml2', 'curl', 'systemd', 'util', 'linux', 'gnu', 'core', 'data',
  'base', 'common', 'tools', 'dev', 'bin', 'x11', 'font', 'gtk', 'glib', 'mesa', 'crypt', 'krb5', 'ldap', 'sasl', 'zlib',
  'bz2', 'lzma', 'zstd', 'pcre', 'icu', 'readline', 'ncurses', 'tinfo', 'selinux', 'audit', 'pam', 'acl', 'attr', 'cap'];
const licenses = ['GPL-2.0-or-later', 'LGPL-2.1-or-later', 'MIT', 'BSD-3-Clause', 'Apache-2.0', 'ISC', 'Artistic-1.0'];

/**
 * A realistic layer-facts value: what analysing one big image layer yields (an OS package DB,
 * installed language packages, the files dpkg owns, whiteouts); two thirds dpkg packages, one
 * third npm, generated from a fixed seed so every run measures the same bytes.
 */
function layerFactsSample(packages = 3000, seed = 1) {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const name = (i) => `${pick(words)}${pick(words)}${i % 7 === 0 ? '' : `-${pick(words)}`}${i}`;
  const version = () => `${Math.floor(rand() * 12)}.${Math.floor(rand() * 30)}.${Math.floor(rand() * 100)}`;
  const osCount = Math.round((packages * 2) / 3);
  const dpkg = [];
  const ownedFiles = [];
  for (let i = 0; i < osCount; i++) {
    const n = name(i);
    const v = `${version()}-${1 + Math.floor(rand() * 4)}+deb12u${Math.floor(rand() * 5)}`;
    dpkg.push({
      id: `${n}@${v}`, name: n, version: v, srcName: n.replace(/\d+$/, ''), srcVersion: v, arch: pick(['amd64', 'all']),
      maintainer: 'Debian Maintainers <debian-devel@lists.debian.org>', licenses: [pick(licenses)],
      dependsOn: Array.from({ length: Math.floor(rand() * 4) }, () => `${name(Math.floor(rand() * osCount))}@${version()}`),
      locations: [{ startLine: i * 20 + 1, endLine: i * 20 + 19 }],
    });
    const files = 3 + Math.floor(rand() * 25);
    for (let f = 0; f < files; f++) ownedFiles.push(pick([`usr/share/doc/${n}/copyright`, `usr/lib/x86_64-linux-gnu/lib${n}.so.${f}`, `usr/bin/${n}-${f}`, `usr/share/man/man1/${n}.${f}.1.gz`, `usr/share/${n}/data-${f}.dat`]));
  }
  const npm = [];
  for (let i = 0; i < packages - osCount; i++) {
    const n = i % 5 === 0 ? `@${pick(words)}/${name(i)}` : name(i);
    const v = version();
    npm.push({ id: `${n}@${v}`, name: n, version: v, licenses: [pick(licenses)], locations: [{ startLine: 1, endLine: 40 + Math.floor(rand() * 60) }] });
  }
  const applications = [];
  for (let i = 0; i < npm.length; i += 50) {
    applications.push({ type: 'node-pkg', ecosystem: 'npm', purlType: 'npm', filePath: `usr/lib/node_modules/app${i}/package.json`, packages: npm.slice(i, i + 50) });
  }
  return {
    os: { family: 'debian', name: '12.4', from: 'release-file' },
    osPackages: [{ manager: 'dpkg', filePath: 'var/lib/dpkg/status', packages: dpkg }],
    applications,
    ownedFiles,
    whiteouts: ['var/cache/apt/archives/.wh..wh..opq', 'tmp/.wh.build', 'root/.wh..npm'],
  };
}

const packages = Number(process.env.BENCH_PACKAGES ?? 3000);
const n = Number(process.env.BENCH_ENTRIES ?? 60);
const facts = layerFactsSample(packages);
const json = Buffer.from(JSON.stringify(facts));
const work = mkdtempSync(join(tmpdir(), 'picket-bench-'));
const ms = (f) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};
const rate = (count, millis) => (count / (millis / 1000)).toFixed(0);
try {
  // Baseline: one plain JSON file per entry.
  const plain = join(work, 'plain');
  mkdirSync(plain);
  const plainPut = ms(() => { for (let i = 0; i < n; i++) writeFileSync(join(plain, `${i}.json`), JSON.stringify(facts)); });
  const plainGet = ms(() => { for (let i = 0; i < n; i++) JSON.parse(readFileSync(join(plain, `${i}.json`), 'utf8')); });

  const cacheDir = join(work, 'cache');
  let cache = openScanCache(cacheDir);
  const put = ms(() => { for (let i = 0; i < n; i++) cache.put(`layer:sha256:${i}:fp`, facts); });
  const { bytes, entries } = cache.stats();
  cache.close();
  // A re-scan: a fresh process opens the cache; its gets are the first in over a minute, so each records its use.
  cache = openScanCache(cacheDir, { now: () => Date.now() + 120_000 });
  const getTouch = ms(() => { for (let i = 0; i < n; i++) cache.get(`layer:sha256:${i}:fp`); });
  const getAgain = ms(() => { for (let i = 0; i < n; i++) cache.get(`layer:sha256:${i}:fp`); });
  cache.close();
  // Puts that evict: a cap of 10 entries' worth.
  cache = openScanCache(join(work, 'capped'), { maxBytes: Math.round((bytes / entries) * 10) });
  const putEvict = ms(() => { for (let i = 0; i < n; i++) cache.put(`layer:sha256:${i}:fp`, facts); });
  const capped = cache.stats();
  cache.close();

  const perEntry = bytes / entries;
  console.log(`scan cache, layer facts of ${packages} packages (${(json.length / 1048576).toFixed(2)} MiB JSON), ${n} entries:`);
  console.log(`  stored ${(perEntry / 1024).toFixed(0)} KiB per entry: ratio ${(json.length / perEntry).toFixed(1)}x smaller than the JSON`);
  console.log(`  put ${rate(n, put)}/s (${(put / n).toFixed(1)} ms each); plain JSON files ${rate(n, plainPut)}/s; ratio ${(put / plainPut).toFixed(2)}x the time`);
  console.log(`  get ${rate(n, getTouch)}/s first in a minute (records last use), ${rate(n, getAgain)}/s after (${(getAgain / n).toFixed(1)} ms each); plain JSON files ${rate(n, plainGet)}/s; ratio ${(getAgain / plainGet).toFixed(2)}x the time`);
  console.log(`  put with LRU eviction (cap 10 entries): ${rate(n, putEvict)}/s, ${capped.entries} entries kept`);

  // Why brotli quality 5: the alternatives on the same JSON.
  const codecs = [
    ['deflateRaw 6', () => deflateRawSync(json, { level: 6 }), (b) => inflateRawSync(b)],
    ['brotli 4', () => brotliCompressSync(json, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } }), (b) => brotliDecompressSync(b)],
    ['brotli 5 (used)', () => brotliCompressSync(json, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }), (b) => brotliDecompressSync(b)],
  ];
  const line = codecs.map(([name, compress, decompress]) => {
    let out;
    const c = ms(() => { out = compress(); });
    const d = ms(() => decompress(out));
    return `${name} ${(json.length / out.length).toFixed(1)}x, ${c.toFixed(0)}/${d.toFixed(1)} ms`;
  });
  console.log(`  codecs (ratio, compress/decompress): ${line.join('; ')}; JSON.parse alone ${ms(() => JSON.parse(json.toString())).toFixed(1)} ms`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
