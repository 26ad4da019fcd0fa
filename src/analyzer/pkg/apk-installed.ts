import type { Analyzer, Package } from '../types.js';
import { splitApkLicense } from '../../detector/license/split.js';

/**
 * apk's database `lib/apk/db/installed`: one block per package, `X:value` lines — `P` name, `V`
 * version, `A` arch, `o` origin (the source package Alpine's secdb names), `L` licence (split
 * and normalised to SPDX: `MPL 2.0 GPL2+` → `MPL-2.0`, `GPL-2.0-or-later`),
 * `m` maintainer, and `F`/`R` the directories and files it installed.
 */
export const apkInstalledAnalyzer: Analyzer = {
  name: 'apk',
  version: 2,
  scope: 'any',
  wants: (info) => info.path === 'lib/apk/db/installed',
  async analyze(input) {
    const lines = input.content.toString('utf8').split('\n');
    const packages: Package[] = [];
    const owned: string[] = [];
    let current: Record<string, string> = {};
    let start = 1;
    let dir = '';
    const flush = (endLine: number) => {
      const { P: name, V: version } = current;
      if (name && version) {
        const licenses = current.L ? splitApkLicense(current.L) : [];
        packages.push({
          id: `${name}@${version}`,
          name,
          version,
          srcName: current.o ?? name,
          srcVersion: version,
          ...(current.A ? { arch: current.A } : {}),
          ...(licenses.length > 0 ? { licenses } : {}),
          ...(current.m ? { maintainer: current.m } : {}),
          locations: [{ startLine: start, endLine }],
        });
      }
      current = {};
    };
    lines.forEach((line, i) => {
      if (line.trim() === '') {
        if (Object.keys(current).length > 0) flush(i);
        start = i + 2;
        return;
      }
      const key = line[0];
      const value = line.slice(2);
      if (line[1] !== ':') return;
      if (key === 'F') dir = value;
      else if (key === 'R') owned.push(dir ? `${dir}/${value}` : value);
      else if (!(key in current)) current[key] = value;
    });
    if (Object.keys(current).length > 0) flush(lines.length);
    return {
      ...(packages.length > 0 ? { osPackages: [{ manager: 'apk' as const, filePath: input.path, packages }] } : {}),
      ownedFiles: owned,
    };
  },
};
