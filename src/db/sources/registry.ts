import type { FeedConverter } from './types.js';
import { osvConverter } from './osv.js';
import { kevConverter } from './kev.js';
import { cveEnrichmentConverter } from './cve-enrichment.js';
import { epssConverter } from './epss.js';

/**
 * The one list of feed converters, most specific first: a path goes to the first converter that
 * wants it, so generic formats (OSV's `*.json`) come last.
 */
export const feedConverters: readonly FeedConverter[] = [
  // Per-CVE enrichment (not advisories)
  kevConverter,
  cveEnrichmentConverter,
  epssConverter,
  // Generic OSV last: it wants every *.json
  osvConverter,
];

export function converterFor(path: string): FeedConverter | undefined {
  return feedConverters.find((c) => c.wants(path));
}
