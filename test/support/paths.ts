import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

/** The project root (where package.json is). */
export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** A path in ../shared (data and fixtures for tests; never copied into the project). */
export function sharedPath(rel: string): string {
  return resolve(repoRoot, '..', 'shared', rel);
}
