import type { Analyzer } from '../types.js';

/**
 * `/etc/debian_version`: the point release (`12.4`). Ubuntu and testing carry a codename there
 * (`bookworm/sid`), which says nothing precise and is left to os-release.
 */
export const debianVersionAnalyzer: Analyzer = {
  name: 'debian',
  version: 1,
  scope: 'any',
  wants: (info) => info.path === 'etc/debian_version',
  async analyze(input) {
    const line = input.content.toString('utf8').trim().split('\n')[0].trim();
    return /^\d+(\.\d+)*$/.test(line) ? { os: { family: 'debian', name: line, from: 'release-file' } } : {};
  },
};
