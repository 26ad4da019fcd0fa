import type { FeedConverter } from './types.js';
import { osvConverter } from './osv.js';

/**
 * The one list of feed converters, most specific first: a path goes to the first converter that
 * wants it, so generic formats (OSV's `*.json`) come last.
 */
export const feedConverters: readonly FeedConverter[] = [
  osvConverter,
];

export function converterFor(path: string): FeedConverter | undefined {
  return feedConverters.find((c) => c.wants(path));
}
