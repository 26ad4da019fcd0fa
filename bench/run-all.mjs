// Runs every bench script in turn (npm run bench builds first). operator.mjs needs umoci, skopeo
// and docker-registry (k8s-scan.mjs and image-scan.mjs too; they are run on their own).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

for (const script of ['startup.mjs', 'scan-lockfile.mjs', 'lockfile-parse.mjs', 'db-lookups.mjs', 'db-build.mjs', 'scan-cache.mjs', 'config-scan.mjs', 'report-formats.mjs', 'operator.mjs']) {
  const r = spawnSync(process.execPath, [fileURLToPath(new URL(script, import.meta.url))], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
