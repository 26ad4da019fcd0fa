import type { Analyzer } from '../types.js';

/**
 * Red Hat family release files (`/etc/redhat-release`, `centos-release`, `rocky-release`,
 * `almalinux-release`, `oracle-release`, `fedora-release`): "CentOS Linux release 7.9.2009 (Core)"
 * gives the family from the product words and the full version.
 */
const products: [RegExp, string][] = [
  [/^centos/i, 'centos'],
  [/^rocky/i, 'rocky'],
  [/^alma/i, 'alma'],
  [/^oracle/i, 'oracle'],
  [/^fedora/i, 'fedora'],
  [/^red hat/i, 'redhat'],
];

export const redhatReleaseAnalyzer: Analyzer = {
  name: 'redhat-release',
  version: 1,
  scope: 'any',
  wants: (info) => /^etc\/(redhat|centos|rocky|almalinux|oracle|fedora)-release$/.test(info.path),
  async analyze(input) {
    const line = input.content.toString('utf8').trim().split('\n')[0].trim();
    const family = products.find(([re]) => re.test(line))?.[1];
    const version = /release\s+(\d+(?:\.\d+)*)/i.exec(line)?.[1];
    return family && version ? { os: { family, name: version, from: 'release-file' } } : {};
  },
};
