import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDatabase } from '../../src/db/build.js';
import { dbDirOf } from '../../src/config/cache-dir.js';
import { sharedPath } from './paths.js';
import { trivyFixtureToOsv } from './trivy-fixture-db.js';

export const trivyIntegration = (rel: string) => sharedPath(`fixtures/trivy-integration/${rel}`);

/** Builds a picket DB in `<cacheDir>/db` from trivy's fixture advisories for the given files. */
export async function buildTrivyFixtureDb(cacheDir: string, files: string[]): Promise<string> {
  const records = trivyFixtureToOsv(trivyIntegration('fixtures/db'), files);
  const source = join(cacheDir, 'trivy-fixture.osv.jsonl');
  writeFileSync(source, records.map((r) => JSON.stringify(r)).join('\n'));
  await buildDatabase({ dbDir: dbDirOf(cacheDir), sources: [source] });
  return source;
}
