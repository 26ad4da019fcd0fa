import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.js';

export interface IgnoreRule {
  id: string;
  /** The rule stops applying after this day (UTC, inclusive). */
  expires?: Date;
  line: number;
}

/**
 * Reads a `.trivyignore` file: one finding id per line, `#` comments, and an optional
 * `exp:YYYY-MM-DD` after the id. An absent default file is no rules; an absent file the user
 * named is an error.
 */
export async function loadIgnoreFile(path: string, explicit: boolean): Promise<IgnoreRule[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (!explicit && (err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new UserError(`ignore file ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  return parseIgnoreFile(text, path);
}

export function parseIgnoreFile(text: string, path: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    const [id, ...rest] = line.split(/\s+/);
    const rule: IgnoreRule = { id, line: index + 1 };
    for (const field of rest) {
      const exp = /^exp:(\d{4}-\d{2}-\d{2})$/.exec(field);
      if (!exp) throw new UserError(`ignore file ${path}:${index + 1}: unknown field "${field}" (expected exp:YYYY-MM-DD)`);
      const date = new Date(`${exp[1]}T23:59:59.999Z`);
      if (Number.isNaN(date.getTime())) throw new UserError(`ignore file ${path}:${index + 1}: invalid date "${exp[1]}"`);
      rule.expires = date;
    }
    rules.push(rule);
  });
  return rules;
}

/** Ids the rules ignore at `now` (expired rules are dropped). */
export function activeIgnoredIds(rules: IgnoreRule[], now = new Date()): Set<string> {
  return new Set(rules.filter((r) => !r.expires || r.expires >= now).map((r) => r.id));
}
