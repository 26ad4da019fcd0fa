import { osvRecordProblem, type OsvRecord } from '../osv-types.js';
import type { FeedConverter, FeedItem } from './types.js';

/**
 * OSV JSON (https://ossf.github.io/osv-schema/): one record per file, an array of records, or one
 * record per line of a `.jsonl(.gz)` file. Covers osv.dev exports (`<Ecosystem>/all.zip`), the
 * GHSA repository layout (`advisories/github-reviewed/**.json`), Go vulndb, RustSec, PyPA, ...
 */
export const osvConverter: FeedConverter = {
  name: 'osv',
  wants: (path) => /\.(json|jsonl)(\.gz)?$/i.test(path),
  *convert(document, context): Iterable<FeedItem> {
    const value: unknown = JSON.parse(document.text);
    // JSON that is not OSV at all (a schema, a package.json, retire.js data in a mixed tree) is
    // not this converter's: skipped without a warning. Records with an id but broken fields warn.
    if (!Array.isArray(value) && !looksLikeOsv(value)) return;
    for (const item of Array.isArray(value) ? value : [value]) {
      const problem = osvRecordProblem(item);
      if (problem) {
        context.warn(`${document.origin}: not an OSV record (${problem})`);
        continue;
      }
      yield { kind: 'advisory', record: item as OsvRecord };
    }
  },
};

function looksLikeOsv(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const keys = value as Record<string, unknown>;
  return 'id' in keys || 'affected' in keys || 'schema_version' in keys;
}
