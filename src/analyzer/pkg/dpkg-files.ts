import type { Analyzer } from '../types.js';

/**
 * `var/lib/dpkg/info/<package>.list`: the files each Debian package installed. A lockfile or
 * site-packages METADATA that dpkg put there belongs to the OS package and is not reported
 * again as a language package (as trivy does).
 */
export const dpkgFilesAnalyzer: Analyzer = {
  name: 'dpkg-files',
  version: 1,
  scope: 'any',
  wants: (info) => info.path.startsWith('var/lib/dpkg/info/') && info.path.endsWith('.list'),
  async analyze(input) {
    const files = input.content
      .toString('utf8')
      .split('\n')
      .map((l) => l.trim().replace(/^\/+/, ''))
      .filter((l) => l !== '' && l !== '.');
    return { ownedFiles: files };
  },
};
