import { parse } from 'yaml';
import { FeedError } from './types.js';

/**
 * One YAML document of a feed (ruby-advisory-db, FriendsOfPHP, the alpine-secdb YAML): a syntax
 * error is a FeedError with the first line of the parser's message, so the document becomes one
 * warning naming it.
 */
export function parseYamlDocument(text: string, options?: { schema: 'failsafe' }): unknown {
  try {
    return parse(text, options);
  } catch (err) {
    throw new FeedError(`not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
}

/** A YAML document whose top level is a mapping (one advisory per file); anything else is a FeedError. */
export function readYamlMapping(text: string): Record<string, unknown> {
  const value = parseYamlDocument(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new FeedError('not a YAML mapping');
  return value as Record<string, unknown>;
}
