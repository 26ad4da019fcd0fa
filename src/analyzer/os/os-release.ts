import type { Analyzer, OsInfo } from '../types.js';

/**
 * `/etc/os-release` and `/usr/lib/os-release` (freedesktop.org): `ID` names the distribution,
 * `VERSION_ID` its version. Families are named as trivy names them.
 */
const familyById: Record<string, string> = {
  debian: 'debian',
  ubuntu: 'ubuntu',
  alpine: 'alpine',
  rhel: 'redhat',
  centos: 'centos',
  rocky: 'rocky',
  almalinux: 'alma',
  amzn: 'amazon',
  ol: 'oracle',
  fedora: 'fedora',
  'opensuse-leap': 'opensuse-leap',
  'opensuse-tumbleweed': 'opensuse-tumbleweed',
  sles: 'sles',
  'sle-micro': 'slem',
  photon: 'photon',
  mariner: 'cbl-mariner',
  azurelinux: 'azurelinux',
  wolfi: 'wolfi',
  chainguard: 'chainguard',
  minimos: 'minimos',
  echo: 'echo',
};

export function parseOsRelease(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    let value = m[2];
    if ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'"))) value = value.slice(1, -1);
    fields[m[1]] = value.replace(/\\(["'$`\\])/g, '$1');
  }
  return fields;
}

export function osFromOsRelease(text: string): OsInfo | undefined {
  const fields = parseOsRelease(text);
  const family = familyById[(fields.ID ?? '').toLowerCase()];
  if (!family) return undefined;
  // Debian testing/sid has no VERSION_ID; trivy calls it by its codename.
  const name = fields.VERSION_ID ?? fields.VERSION_CODENAME ?? (fields.PRETTY_NAME?.includes('sid') ? 'sid' : '');
  if (!name) return undefined;
  return { family, name, from: 'os-release' };
}

export const osReleaseAnalyzer: Analyzer = {
  name: 'os-release',
  version: 1,
  scope: 'any',
  wants: (info) => info.path === 'etc/os-release' || info.path === 'usr/lib/os-release',
  async analyze(input) {
    const os = osFromOsRelease(input.content.toString('utf8'));
    return os ? { os } : {};
  },
};
