import type { OsInfo } from '../../analyzer/types.js';

/**
 * The OSV ecosystem whose advisories apply to an OS, as the OS feed converters write it
 * (src/db/sources/*: `Debian:12`, `Ubuntu:22.04`, `Alpine:v3.19`, `Wolfi`, `Chainguard`), and
 * the purl type and namespace of its packages. One line per family.
 */
interface OsMapping {
  ecosystem: (version: string) => string | undefined;
  purlType: 'deb' | 'apk' | 'rpm';
  purlNamespace: string;
}

const majorOf = (v: string) => /^\d+/.exec(v)?.[0];
const majorMinorOf = (v: string) => /^\d+\.\d+/.exec(v)?.[0];

/** osv.dev's Ubuntu ecosystems mark long-term support releases (even years, April): `Ubuntu:22.04:LTS`. */
function ubuntuEcosystem(version: string): string | undefined {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) return undefined;
  const lts = Number(m[1]) % 2 === 0 && m[2] === '04';
  return `Ubuntu:${m[1]}.${m[2]}${lts ? ':LTS' : ''}`;
}

const mappings: Record<string, OsMapping> = {
  debian: { ecosystem: (v) => (v === 'sid' ? 'Debian:sid' : majorOf(v) ? `Debian:${majorOf(v)}` : undefined), purlType: 'deb', purlNamespace: 'debian' },
  ubuntu: { ecosystem: ubuntuEcosystem, purlType: 'deb', purlNamespace: 'ubuntu' },
  alpine: { ecosystem: (v) => (majorMinorOf(v) ? `Alpine:v${majorMinorOf(v)}` : undefined), purlType: 'apk', purlNamespace: 'alpine' },
  wolfi: { ecosystem: () => 'Wolfi', purlType: 'apk', purlNamespace: 'wolfi' },
  chainguard: { ecosystem: () => 'Chainguard', purlType: 'apk', purlNamespace: 'chainguard' },
};

export interface OsTarget {
  ecosystem?: string;
  purlType: string;
  purlNamespace: string;
}

export function osTargetOf(os: OsInfo | undefined, manager: 'dpkg' | 'apk' | 'rpm'): OsTarget {
  const mapping = os ? mappings[os.family] : undefined;
  if (!mapping) return { purlType: manager === 'dpkg' ? 'deb' : manager, purlNamespace: os?.family ?? 'unknown' };
  return { ecosystem: os ? mapping.ecosystem(os.name) : undefined, purlType: mapping.purlType, purlNamespace: mapping.purlNamespace };
}
