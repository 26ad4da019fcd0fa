// Runs every bench script in turn (npm run bench builds first).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

for (const script of ['startup.mjs', 'scan-lockfile.mjs', 'lockfile-parse.mjs', 'db-lookups.mjs', 'db-build.mjs', 'scan-cache.mjs', 'config-scan.mjs', 'report-formats.mjs']) {
  const r = spawnSync(process.execPath, [fileURLToPath(new URL(script, import.meta.url))], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
