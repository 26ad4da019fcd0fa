import type { CveEnrichment, FeedConverter, FeedItem } from './types.js';
import { FeedError } from './types.js';

/**
 * CISA's Known Exploited Vulnerabilities catalogue (`known_exploited_vulnerabilities.json`:
 * `{ catalogVersion, vulnerabilities: [{ cveID, dateAdded, dueDate, knownRansomwareCampaignUse,
 * cwes, ... }] }`). Each listed CVE gets `kev` enrichment: findings for it say `KEV: true`.
 */
export const kevConverter: FeedConverter = {
  name: 'cisa-kev',
  wants: (path) => /(^|\/)known_exploited_vulnerabilities\.json$/i.test(path),
  *convert(document, context): Iterable<FeedItem> {
    const catalogue = JSON.parse(document.text) as { vulnerabilities?: unknown };
    if (!Array.isArray(catalogue.vulnerabilities)) throw new FeedError('not a KEV catalogue (no "vulnerabilities" list)');
    for (const entry of catalogue.vulnerabilities as Record<string, unknown>[]) {
      const cve = entry?.cveID;
      if (typeof cve !== 'string' || !/^CVE-\d{4}-\d+$/.test(cve)) {
        context.warn(`${document.origin}: KEV entry without a CVE id (${JSON.stringify(entry).slice(0, 80)})`);
        continue;
      }
      const data: CveEnrichment = {
        kev: {
          ...(typeof entry.dateAdded === 'string' ? { dateAdded: entry.dateAdded } : {}),
          ...(typeof entry.dueDate === 'string' ? { dueDate: entry.dueDate } : {}),
          ...(typeof entry.knownRansomwareCampaignUse === 'string' ? { knownRansomwareCampaignUse: entry.knownRansomwareCampaignUse } : {}),
        },
      };
      if (Array.isArray(entry.cwes) && entry.cwes.length > 0) data.cweIds = entry.cwes.filter((c): c is string => typeof c === 'string');
      yield { kind: 'enrichment', cve, data };
    }
  },
};
