import type { Analyzer } from './types.js';
import { osReleaseAnalyzer } from './os/os-release.js';
import { debianVersionAnalyzer } from './os/debian-version.js';
import { alpineReleaseAnalyzer } from './os/alpine-release.js';
import { redhatReleaseAnalyzer } from './os/redhat-release.js';
import { dpkgStatusAnalyzer } from './pkg/dpkg-status.js';
import { dpkgFilesAnalyzer } from './pkg/dpkg-files.js';
import { apkInstalledAnalyzer } from './pkg/apk-installed.js';
import { packageLockAnalyzer } from './lang/npm/package-lock.js';
import { yarnLockAnalyzer } from './lang/npm/yarn-lock.js';
import { pnpmLockAnalyzer } from './lang/npm/pnpm-lock.js';
import { bunLockAnalyzer } from './lang/npm/bun-lock.js';

/** The one list of analyzers. Adding an analyzer = one file + one line here. */
export const analyzers: readonly Analyzer[] = [
  // Operating system and its package databases
  osReleaseAnalyzer,
  debianVersionAnalyzer,
  alpineReleaseAnalyzer,
  redhatReleaseAnalyzer,
  dpkgStatusAnalyzer,
  dpkgFilesAnalyzer,
  apkInstalledAnalyzer,
  // Node.js lockfiles
  packageLockAnalyzer,
  yarnLockAnalyzer,
  pnpmLockAnalyzer,
  bunLockAnalyzer,
];
