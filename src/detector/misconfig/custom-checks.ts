/**
 * User checks (`--config-check DIR`): JavaScript modules (`.mjs`, `.js`, `.cjs`) found under the
 * directory, each exporting a check object as `default` (or an array of them, or an array named
 * `checks`). See docs/custom-checks.md for the format.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../../errors.js';
import { shellCommands } from './dockerfile/shell-commands.js';
import type { Cause, Check, CheckType, Severity } from './types.js';

/** What a user check receives as its second argument. */
export interface CustomCheckHelpers {
  /** Splits a shell command line into simple commands (lists of words), as the Dockerfile checks do. */
  shellCommands: (script: string) => string[][];
}

const HELPERS: CustomCheckHelpers = Object.freeze({ shellCommands });

const TYPES: readonly CheckType[] = ['dockerfile', 'kubernetes', 'docker-compose', 'cloud'];
const SEVERITIES: readonly Severity[] = ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
const EXTENSIONS = new Set(['.mjs', '.js', '.cjs']);

/** Loads every check module under `dir` (recursively, sorted by path). Throws `UserError` on a bad module. */
export async function loadCustomChecks(dir: string): Promise<Check[]> {
  let info;
  try {
    info = await stat(dir);
  } catch {
    throw new UserError(`${dir}: check directory not found`);
  }
  const files = info.isDirectory() ? await moduleFiles(dir) : [dir];
  const checks: Check[] = [];
  for (const file of files) {
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (error) {
      throw new UserError(`${file}: cannot load check module: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
    const exported = module.checks ?? module.default;
    const list = Array.isArray(exported) ? exported : [exported];
    if (exported === undefined || list.length === 0) throw new UserError(`${file}: no check exported (export default a check object or an array of them)`);
    list.forEach((item, index) => checks.push(toCheck(item, file, list.length > 1 ? index : undefined)));
  }
  const ids = new Set<string>();
  for (const check of checks) {
    if (ids.has(check.id)) throw new UserError(`custom check id ${check.id} is defined twice under ${dir}`);
    ids.add(check.id);
  }
  return checks;
}

async function moduleFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) found.push(...(await moduleFiles(path)));
    } else if (entry.isFile() && EXTENSIONS.has(extname(entry.name))) {
      found.push(path);
    }
  }
  return found.sort();
}

function toCheck(value: unknown, file: string, index: number | undefined): Check {
  const where = index === undefined ? file : `${file} (check #${index + 1})`;
  const fail = (reason: string): never => {
    throw new UserError(`${where}: ${reason}`);
  };
  if (value === null || typeof value !== 'object') return fail('the export is not a check object');
  const spec = value as Record<string, unknown>;
  const id = text(spec.id) ?? fail("'id' must be a non-empty string");
  const type = text(spec.type);
  if (!type || !TYPES.includes(type as CheckType)) fail(`'type' must be one of ${TYPES.join(', ')}`);
  const severity = (text(spec.severity) ?? '').toUpperCase();
  if (!SEVERITIES.includes(severity as Severity)) fail(`'severity' must be one of ${SEVERITIES.join(', ')}`);
  const run = spec.check;
  if (typeof run !== 'function') return fail("'check' must be a function (input) => failures");
  const kinds = spec.kinds === undefined ? undefined : stringList(spec.kinds) ?? fail("'kinds' must be a list of strings");
  const references = spec.references === undefined ? [] : stringList(spec.references) ?? fail("'references' must be a list of strings");
  const aliases = spec.aliases === undefined ? [] : stringList(spec.aliases) ?? fail("'aliases' must be a list of strings");
  const title = text(spec.title) ?? id;
  const namespace = text(spec.namespace) ?? `user.${basename(file, extname(file))}`;
  return {
    id,
    avdId: text(spec.avdId) ?? id,
    aliases,
    namespace,
    title,
    description: text(spec.description) ?? title,
    resolution: text(spec.resolution) ?? '',
    severity: severity as Severity,
    references,
    provider: text(spec.provider) ?? 'Custom',
    service: text(spec.service) ?? 'custom',
    primaryUrl: text(spec.primaryUrl),
    type: type as CheckType,
    kinds: kinds?.map((kind) => kind.toLowerCase()),
    custom: true,
    check(input: unknown): Cause[] {
      let returned: unknown;
      try {
        returned = (run as (input: unknown, helpers: CustomCheckHelpers) => unknown).call(spec, input, HELPERS);
      } catch (error) {
        throw new UserError(`custom check ${id} (${file}) failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      return toCauses(returned, id, file);
    },
  };
}

function toCauses(returned: unknown, id: string, file: string): Cause[] {
  if (returned === undefined || returned === null || returned === false) return [];
  const items = Array.isArray(returned) ? returned : [returned];
  return items.map((item): Cause => {
    if (typeof item === 'string') return { message: item };
    if (item !== null && typeof item === 'object' && typeof (item as { message?: unknown }).message === 'string') {
      const { message, startLine, endLine, file: causeFile, resource } = item as { message: string; startLine?: unknown; endLine?: unknown; file?: unknown; resource?: unknown };
      // Cloud checks span files (a Terraform project): a failure may name its file and resource.
      const where = { ...(typeof causeFile === 'string' && causeFile !== '' ? { filePath: causeFile } : {}), ...(typeof resource === 'string' && resource !== '' ? { resource } : {}) };
      if (isLine(startLine)) return { message, startLine, endLine: isLine(endLine) && endLine >= startLine ? endLine : startLine, ...where };
      return { message, ...where };
    }
    throw new UserError(`custom check ${id} (${file}) returned a failure that is neither a string nor { message, startLine?, endLine? }`);
  });
}

function isLine(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined;
}
