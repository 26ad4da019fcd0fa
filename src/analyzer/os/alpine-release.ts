import type { Analyzer } from '../types.js';

/** `/etc/alpine-release`: the Alpine version (`3.19.1`; edge images say `3.20_alpha20240329`). */
export const alpineReleaseAnalyzer: Analyzer = {
  name: 'alpine',
  version: 1,
  scope: 'any',
  wants: (info) => info.path === 'etc/alpine-release',
  async analyze(input) {
    const line = input.content.toString('utf8').trim().split('\n')[0].trim();
    return /^\d+\.\d+/.test(line) ? { os: { family: 'alpine', name: line, from: 'release-file' } } : {};
  },
};
