import type { FeedConverter, FeedItem } from './types.js';
import { FeedError } from './types.js';

/**
 * FIRST's EPSS daily CSV (`epss_scores-YYYY-MM-DD.csv(.gz)`): a comment line
 * `#model_version:…,score_date:YYYY-MM-DDT…`, a header `cve,epss,percentile`, then one row per CVE.
 * Each CVE gets `epss: { score, percentile, date }`.
 */
export const epssConverter: FeedConverter = {
  name: 'epss',
  wants: (path) => /(^|\/)epss[^/]*\.csv(\.gz)?$/i.test(path),
  *convert(document, context): Iterable<FeedItem> {
    const lines = document.text.split(/\r?\n/);
    let index = 0;
    let date: string | undefined;
    if (lines[0]?.startsWith('#')) {
      date = /score_date:(\d{4}-\d{2}-\d{2})/.exec(lines[0])?.[1];
      index = 1;
    }
    if (lines[index]?.trim().toLowerCase() !== 'cve,epss,percentile') {
      throw new FeedError(`not an EPSS file: expected the header "cve,epss,percentile" on line ${index + 1}`);
    }
    for (let i = index + 1; i < lines.length; i++) {
      const line = lines[i].trim();
      if (line === '') continue;
      const [cve, epss, percentile] = line.split(',');
      const score = Number(epss);
      const pct = Number(percentile);
      if (!/^CVE-\d{4}-\d+$/.test(cve) || !Number.isFinite(score) || !Number.isFinite(pct)) {
        context.warn(`${document.origin}:${i + 1}: not an EPSS row`);
        continue;
      }
      yield { kind: 'enrichment', cve, data: { epss: { score, percentile: pct, ...(date ? { date } : {}) } } };
    }
  },
};
