import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDatabase } from '../../../src/db/build.js';
import { AdvisoryStore } from '../../../src/db/store.js';
import { sharedPath } from '../../support/paths.js';
import { tempDir } from '../../support/temp.js';

/**
 * github/advisory-database keeps one OSV file per advisory at
 * `advisories/github-reviewed/<year>/<month>/<id>/<id>.json` (and `advisories/unreviewed/...`):
 * a checkout of it is a source as it is, read by the generic OSV converter.
 */

interface OsvFile {
  id: string;
  published: string;
  withdrawn?: string;
  affected?: { package?: { ecosystem: string } }[];
}

const flatDirs = ['ghsa-npm', 'ghsa-maven', 'ghsa-nuget'].map((d) => sharedPath(`db-seed/osv/${d}`));

function recordsIn(dir: string): { file: string; record: OsvFile }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ file: join(dir, f), record: JSON.parse(readFileSync(join(dir, f), 'utf8')) as OsvFile }));
}

/** Distinct non-withdrawn record ids per ecosystem, counted straight from the files. */
function countByEcosystem(records: OsvFile[]): Record<string, number> {
  const ids = new Map<string, Set<string>>();
  for (const r of records) {
    if (r.withdrawn) continue;
    for (const a of r.affected ?? []) {
      const eco = a.package?.ecosystem.split(':')[0];
      if (eco) ids.set(eco, (ids.get(eco) ?? new Set()).add(r.id));
    }
  }
  return Object.fromEntries([...ids].map(([eco, set]) => [eco, set.size]));
}

test('a github/advisory-database checkout (github-reviewed and unreviewed) loads with the same counts as the flat files', async () => {
  const dir = tempDir();
  const repo = join(dir, 'advisory-database');
  const [npm, maven, nuget] = flatDirs.map(recordsIn);
  // npm and Maven as reviewed advisories, NuGet as unreviewed ones, each in its <year>/<month>/<id>/ folder
  for (const [kind, entries] of [['github-reviewed', [...npm, ...maven]], ['unreviewed', nuget]] as const) {
    for (const { file, record } of entries) {
      const [year, month] = record.published.split('-');
      const folder = join(repo, 'advisories', kind, year, month, record.id);
      mkdirSync(folder, { recursive: true });
      copyFileSync(file, join(folder, `${record.id}.json`));
    }
  }
  writeFileSync(join(repo, 'README.md'), '# GitHub Advisory Database\n');
  mkdirSync(join(repo, '.github'));
  writeFileSync(join(repo, '.github', 'dependabot.json'), '{"not": "an advisory"}');

  const warnings: string[] = [];
  const fromRepo = await buildDatabase({ dbDir: join(dir, 'db-repo'), sources: [repo], onWarning: (w) => warnings.push(w) });
  const fromFlat = await buildDatabase({ dbDir: join(dir, 'db-flat'), sources: flatDirs });
  const all = [...npm, ...maven, ...nuget].map((e) => e.record);
  const expected = countByEcosystem(all);

  assert.deepEqual(warnings, []);
  assert.deepEqual(fromRepo.ecosystems, expected);
  assert.deepEqual(fromFlat.ecosystems, expected);
  assert.ok(expected.npm > 90 && expected.Maven > 30 && expected.NuGet >= 3, JSON.stringify(expected));
  assert.equal(fromRepo.advisories, fromFlat.advisories);
  assert.equal(fromRepo.invalid, 0);

  const store = AdvisoryStore.open(join(dir, 'db-repo'));
  for (const { record } of nuget) assert.equal(store.advisory(record.id)?.id, record.id, `unreviewed ${record.id}`);
  store.close();
});
