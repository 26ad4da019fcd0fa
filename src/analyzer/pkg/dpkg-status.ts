import { posix } from 'node:path';
import type { Analyzer, Package } from '../types.js';
import { ParseError } from '../parse-error.js';

/**
 * dpkg's database: `var/lib/dpkg/status` (all installed packages) and the distroless variant
 * `var/lib/dpkg/status.d/<name>` (one file per package). RFC 822-style stanzas; only packages whose
 * `Status` says `installed` count. `Source: name (version)` gives the source package Debian's
 * advisories are keyed by; without it the source is the binary package itself.
 */
export const dpkgStatusAnalyzer: Analyzer = {
  name: 'dpkg',
  version: 1,
  scope: 'any',
  wants: (info) => info.path === 'var/lib/dpkg/status' || (posix.dirname(info.path) === 'var/lib/dpkg/status.d' && !info.path.endsWith('.md5sums')),
  async analyze(input) {
    const text = input.content.toString('utf8');
    const packages: Package[] = [];
    let line = 1;
    for (const stanza of text.split(/\n\s*\n/)) {
      const startLine = line;
      line += stanza.split('\n').length + 1;
      if (stanza.trim() === '') continue;
      const fields = parseStanza(stanza);
      const name = fields.Package;
      const version = fields.Version;
      if (!name) throw new ParseError(input.path, 'a stanza without a Package field', startLine);
      if (!version) continue;
      const status = fields.Status;
      // status.d files (distroless) have no Status field: everything listed is installed.
      if (status !== undefined && !/\binstalled$/.test(status.trim())) continue;
      const source = /^(\S+)(?:\s+\((\S+)\))?/.exec(fields.Source ?? '');
      packages.push({
        id: `${name}@${version}`,
        name,
        version,
        srcName: source?.[1] ?? name,
        srcVersion: source?.[2] ?? version,
        ...(fields.Architecture ? { arch: fields.Architecture } : {}),
        ...(fields.Maintainer ? { maintainer: fields.Maintainer } : {}),
        locations: [{ startLine, endLine: startLine + stanza.trim().split('\n').length - 1 }],
      });
    }
    return packages.length > 0 ? { osPackages: [{ manager: 'dpkg', filePath: input.path, packages }] } : {};
  },
};

function parseStanza(stanza: string): Record<string, string> {
  const fields: Record<string, string> = {};
  let last: string | undefined;
  for (const raw of stanza.split('\n')) {
    if (raw.startsWith(' ') || raw.startsWith('\t')) {
      if (last) fields[last] += `\n${raw.trim()}`;
      continue;
    }
    const colon = raw.indexOf(':');
    if (colon <= 0) continue;
    last = raw.slice(0, colon);
    fields[last] = raw.slice(colon + 1).trim();
  }
  return fields;
}
