#!/usr/bin/env node
// @ts-check
/**
 * Release step (`prepack`): writes `npm-shrinkwrap.json` from `package-lock.json`, so
 * `npm install -g picket` installs exactly the dependency tree picket was tested with (every
 * transitive package at its locked version, checked against its locked sha512), not whatever
 * the version ranges of our dependencies resolve to on the day. Development-only entries are left
 * out (npm never installs them for a dependent or a global install). Refuses a lockfile that is
 * not for this package's name and version. `postpack` removes the file again
 * (scripts/remove-shrinkwrap.mjs): package-lock.json stays the one lockfile of the repository.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.cwd();
/** @type {{ name: string, version: string }} */
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/** @type {{ name?: string, version?: string, lockfileVersion?: number, packages?: Record<string, { dev?: boolean }> }} */
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
if (lock.name !== pkg.name || lock.version !== pkg.version || !lock.packages) {
  process.stderr.write(`write-shrinkwrap: package-lock.json is for ${lock.name}@${lock.version}, not ${pkg.name}@${pkg.version} (lockfile v${lock.lockfileVersion}): run npm install\n`);
  process.exit(1);
}
const packages = Object.fromEntries(Object.entries(lock.packages).filter(([path, entry]) => path === '' || entry.dev !== true));
writeFileSync(join(root, 'npm-shrinkwrap.json'), `${JSON.stringify({ ...lock, packages }, null, 2)}\n`);
