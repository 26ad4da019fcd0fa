/**
 * A DB built from all of ../shared/db-seed (every feed format picket converts, in one directory
 * tree) reports its advisories per ecosystem in `picket db info`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runPicket } from '../support/cli.js';
import { sharedPath } from '../support/paths.js';
import { tempDir } from '../support/temp.js';

test('db build over all of db-seed, then db info: every ecosystem of every feed', async () => {
  const cacheDir = tempDir();
  const build = await runPicket(['db', 'build', '-q', '--source', sharedPath('db-seed'), '--cache-dir', cacheDir], { timeoutMs: 240_000 });
  assert.equal(build.code, 0, build.stderr);
  const info = await runPicket(['db', 'info', '-f', 'json', '--cache-dir', cacheDir]);
  const parsed = JSON.parse(info.stdout) as { advisories: number; ecosystems: Record<string, number>; sources: string[] };
  for (const eco of ['Go', 'crates.io', 'PyPI', 'RubyGems', 'Packagist', 'npm', 'Maven', 'NuGet', 'Debian', 'Alpine', 'Ruby', 'Node.js', 'Bitnami', 'Julia', 'kubernetes']) {
    assert.ok((parsed.ecosystems[eco] ?? 0) > 0, `${eco}: ${JSON.stringify(parsed.ecosystems)}`);
  }
  assert.ok(parsed.ecosystems.Debian > 9000 && parsed.ecosystems.Alpine > 2000 && parsed.ecosystems.PyPI > 6000, JSON.stringify(parsed.ecosystems));
  const sum = Object.values(parsed.ecosystems).reduce((a, b) => a + b, 0);
  assert.ok(parsed.advisories > 30_000 && sum >= parsed.advisories * 0.9, `${parsed.advisories} advisories, ${sum} by ecosystem`);
  assert.deepEqual(parsed.sources, [sharedPath('db-seed')]);
  const table = await runPicket(['db', 'info', '--cache-dir', cacheDir]);
  assert.match(table.stdout, /Advisories per ecosystem:\n(  \S.*\n)+/);
});
