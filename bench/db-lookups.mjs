// Advisory DB lookups per second (package name -> affected entries), on a DB built from
// ../shared/db-seed/osv, against an in-memory Map of the same rows as the baseline.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { buildDatabase } from '../dist/db/build.js';
import { AdvisoryStore } from '../dist/db/store.js';

const shared = fileURLToPath(new URL('../../shared/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'picket-bench-'));
try {
  const dbDir = join(work, 'db');
  await buildDatabase({ dbDir, sources: [join(shared, 'db-seed/osv')] });
  const raw = new Database(join(dbDir, 'picket.db'), { readonly: true });
  const rows = raw.prepare('SELECT ecosystem, name, data FROM affected').all();
  raw.close();
  // Query mix: every name that has advisories, plus nine names that have none for each (in a real
  // project most packages have no advisory at all; 1 in 10 with one is on the high side), in a
  // fixed pseudo-random order. The all-hits rate is printed too.
  const hits = [...new Map(rows.map((r) => [`${r.ecosystem}\0${r.name}`, r])).values()].map((r) => [r.ecosystem, r.name]);
  const misses = hits.flatMap(([eco, name], i) => Array.from({ length: 9 }, (_, k) => [eco, `${name}-absent-${i}-${k}`]));
  const queries = [...hits, ...misses];
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let i = queries.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [queries[i], queries[j]] = [queries[j], queries[i]];
  }

  const byEcosystem = new Map();
  for (const [eco, name] of queries) {
    if (!byEcosystem.has(eco)) byEcosystem.set(eco, []);
    byEcosystem.get(eco).push(name);
  }
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  // Each round opens the DB afresh (cold caches), as one scan does, and resolves every name.
  const rate = (list, prefetch) => {
    let n = 0;
    let ms = 0;
    for (let i = 0; i < rounds; i++) {
      const store = AdvisoryStore.open(dbDir);
      const t = performance.now();
      for (const [eco, names] of list) {
        if (prefetch) store.prefetch(eco, names.map((name) => ({ name, version: '1.0.0' })));
        for (const name of names) store.affected(eco, name, '1.0.0');
        n += names.length;
      }
      ms += performance.now() - t;
      store.close();
    }
    return n / (ms / 1000);
  };
  const hitList = [...byEcosystem].map(([eco, names]) => [eco, names.filter((n) => !n.includes('-absent-'))]);
  const mixed = rate([...byEcosystem], true);
  const hitsOnly = rate(hitList, true);
  const pointHits = rate(hitList, false);
  const memory = new Map();
  for (const r of rows) {
    const key = `${r.ecosystem}\0${r.name}`;
    if (!memory.has(key)) memory.set(key, []);
    memory.get(key).push(r.data);
  }
  let t = performance.now();
  for (let i = 0; i < rounds; i++) for (const [eco, name] of queries) memory.get(`${eco}\0${name}`)?.map((d) => JSON.parse(d));
  const memRate = (queries.length * rounds) / ((performance.now() - t) / 1000);
  const fmt = (x) => Math.round(x).toLocaleString('en');
  console.log(`db lookups (cold DB per round, prefetch per ecosystem, entries parsed): ${fmt(mixed)}/s with 1 in 10 names having advisories, over ${queries.length} names; ${fmt(hitsOnly)}/s all hits; goal >= 200,000/s`);
  console.log(`  point queries without prefetch, all hits: ${fmt(pointHits)}/s; baseline in-memory Map + JSON.parse: ${fmt(memRate)}/s; ratio Map/DB (mixed) ${(memRate / mixed).toFixed(1)}x`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
