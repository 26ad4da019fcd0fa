import type { VersionScheme } from './types.js';
import { npmScheme } from './npm.js';
import { semverScheme } from './semver.js';

export type { VersionScheme } from './types.js';

/**
 * OSV ecosystem name (the part before `:`) -> its version scheme. Adding a scheme = one file in
 * this folder + one line here. Ecosystems without a scheme are stored in the DB but not matched.
 */
const schemesByEcosystem: Record<string, VersionScheme> = {
  npm: npmScheme,
  Go: semverScheme,
  'crates.io': semverScheme,
};

export function schemeForEcosystem(ecosystem: string): VersionScheme | undefined {
  const base = ecosystem.split(':', 1)[0];
  return schemesByEcosystem[base];
}

/** The scheme that OSV's `SEMVER` range type uses whatever the ecosystem. */
export { semverScheme };
