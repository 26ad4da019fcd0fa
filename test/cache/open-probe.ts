/**
 * Opens a scan cache from a child process (the read-only test runs it as another user), tries a
 * put and a get, and prints what happened as JSON.
 */
import { openScanCache } from '../../src/cache/scan-cache.js';

const warnings: string[] = [];
const cache = openScanCache(process.argv[2], { onWarning: (m) => warnings.push(m) });
cache.put('layer:probe', { packages: ['a'] });
const got = cache.get('layer:probe');
process.stdout.write(JSON.stringify({ enabled: cache.enabled, got: got ?? null, warnings }) + '\n');
