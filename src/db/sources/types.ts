import type { OsvRecord } from '../osv-types.js';

/**
 * A feed converter turns one document of an upstream feed (an OSV JSON file, a RubySec YAML, the
 * Debian DSA list, an Alpine secdb file, the CISA KEV catalogue, ...) into OSV records or
 * per-CVE enrichment. One converter per feed format, one file each in this folder, one line in
 * registry.ts.
 */
export interface FeedConverter {
  /** Stable name (`osv`, `rubysec`, `debian-lists`, ...), shown in warnings and `db info`. */
  name: string;
  /**
   * Does this converter read the document at this path (relative to the source root or zip root,
   * `/` separators)? Path only, so files nobody wants are never read. The first converter in the
   * registry that wants a path gets it.
   */
  wants(path: string): boolean;
  /**
   * Converts one document (a whole file, or one line of a JSON-lines file). Per-record problems go
   * to `context.warn` and the rest of the document still loads; a document that cannot be read at
   * all throws (FeedError or any Error) and becomes one warning naming it.
   */
  convert(document: FeedDocument, context: FeedContext): Iterable<FeedItem>;
}

export interface FeedDocument {
  /** Path relative to the source root, `/` separators. */
  path: string;
  /** For messages: absolute path, with `:line` or `!zip-entry`. */
  origin: string;
  text: string;
}

export interface FeedContext {
  warn(message: string): void;
}

/**
 * What a converter yields. Advisories are OSV records; their ids must be unique across feeds, so
 * converters of per-CVE OS feeds prefix them the way osv.dev does (`DEBIAN-CVE-2023-1234`,
 * `ALPINE-CVE-...`, `UBUNTU-CVE-...`) and put the CVE in `aliases`. `dataSource` names the
 * database the finding cites (`DataSource.ID`: `ghsa`, `rubysec`, `debian`, ...); when absent it
 * is derived from the record id.
 */
export type FeedItem =
  | {
      kind: 'advisory';
      record: OsvRecord;
      dataSource?: string;
      /**
       * The record is one part of an advisory spread over several documents (Alpine secdb has a
       * file per release, each naming the same CVEs): parts with the same id are merged (their
       * `affected` lists joined, the latest `modified` kept) before the advisory is stored.
       */
      part?: boolean;
    }
  | { kind: 'enrichment'; cve: string; data: CveEnrichment };

/** Facts about one CVE from feeds that are not advisories; merged across feeds per CVE. */
export interface CveEnrichment {
  /** Listed in CISA's Known Exploited Vulnerabilities catalogue. */
  kev?: { dateAdded?: string; dueDate?: string; knownRansomwareCampaignUse?: string };
  /** EPSS probability of exploitation (0..1) and its percentile (0..1). */
  epss?: { score: number; percentile: number; date?: string };
  /** CVSS vectors by source (`nvd`, `cna`, ...), as in trivy's `CVSS` map. */
  cvss?: Record<string, { V2Vector?: string; V3Vector?: string; V40Vector?: string; V2Score?: number; V3Score?: number; V40Score?: number }>;
  cweIds?: string[];
  /** Vendor severities (trivy's `VendorSeverity`: 1 LOW .. 4 CRITICAL). */
  vendorSeverity?: Record<string, number>;
  title?: string;
  description?: string;
  published?: string;
  lastModified?: string;
}

/** A document that cannot be read at all. */
export class FeedError extends Error {}
