import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.js';

/**
 * Reads picket.yaml into a flat map of dotted keys (`vulnerability.ignore-unfixed`) to values.
 * The default file may be absent; a file the user named must exist; a broken file is an error
 * naming the file and line.
 */
export async function readConfigFile(path: string, explicit: boolean): Promise<Map<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (!explicit && (err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw new UserError(`config file ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  const { parseDocument } = await import('yaml');
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line;
    // The pretty message ends with " at line N, column M:" and a source excerpt: keep the reason.
    const reason = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new UserError(`config file ${path}${line ? `:${line}` : ''}: ${reason}`);
  }
  const value = doc.toJS() as unknown;
  if (value === null || value === undefined) return new Map();
  if (typeof value !== 'object' || Array.isArray(value)) throw new UserError(`config file ${path}: expected a mapping of option names to values`);
  const flat = new Map<string, unknown>();
  flatten(value as Record<string, unknown>, '', flat);
  return flat;
}

function flatten(obj: Record<string, unknown>, prefix: string, out: Map<string, unknown>): void {
  for (const [key, value] of Object.entries(obj)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) flatten(value as Record<string, unknown>, full, out);
    else out.set(full, value);
  }
}
