import type { FeedConverter } from './types.js';
import { osvConverter } from './osv.js';
import { kevConverter } from './kev.js';
import { cveEnrichmentConverter } from './cve-enrichment.js';
import { epssConverter } from './epss.js';
import { rubysecConverter } from './rubysec.js';
import { friendsOfPhpConverter } from './friendsofphp.js';
import { nodejsSecurityWgConverter } from './nodejs-security-wg.js';
import { debianListsConverter } from './debian-lists.js';
import { debianTrackerConverter } from './debian-tracker.js';
import { alpineSecdbConverter } from './alpine-secdb.js';
import { ubuntuConverter } from './ubuntu.js';
import { redhatCsafConverter } from './redhat-csaf.js';

/**
 * The one list of feed converters, most specific first: a path goes to the first converter that
 * wants it, so generic formats (OSV's `*.json`) come last.
 */
export const feedConverters: readonly FeedConverter[] = [
  // Per-CVE enrichment (not advisories)
  kevConverter,
  cveEnrichmentConverter,
  epssConverter,
  // Language advisory databases (YAML/JSON layouts of their repositories)
  rubysecConverter,
  friendsOfPhpConverter,
  nodejsSecurityWgConverter,
  // OS distributions' advisory data (Debian, Alpine/Wolfi/Chainguard, Ubuntu, Red Hat)
  debianListsConverter,
  debianTrackerConverter,
  alpineSecdbConverter,
  ubuntuConverter,
  redhatCsafConverter,
  // Generic OSV last: it wants every *.json
  osvConverter,
];

export function converterFor(path: string): FeedConverter | undefined {
  return feedConverters.find((c) => c.wants(path));
}
