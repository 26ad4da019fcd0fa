import type { Analyzer } from './types.js';
import { packageLockAnalyzer } from './lang/npm/package-lock.js';
import { yarnLockAnalyzer } from './lang/npm/yarn-lock.js';
import { pnpmLockAnalyzer } from './lang/npm/pnpm-lock.js';
import { bunLockAnalyzer } from './lang/npm/bun-lock.js';

/** The one list of analyzers. Adding an analyzer = one file + one line here. */
export const analyzers: readonly Analyzer[] = [
  // Node.js lockfiles
  packageLockAnalyzer,
  yarnLockAnalyzer,
  pnpmLockAnalyzer,
  bunLockAnalyzer,
];
