import { posix } from 'node:path';
import { isLockfileNamed } from '../../lockfile-path.js';
import { asObject, parseLocatedJson, type JsonObject, type JsonSpan } from '../../json-spans.js';
import { ParseError } from '../../parse-error.js';
import type { Analyzer, AnalyzerInput, AnalysisResult, Application, FileInfo, Package } from '../../types.js';
import { composerPackageFields, composerPackages, type PackageList } from './composer-packages.js';

/**
 * composer.lock (PHP Composer). Packages are the objects of `packages` (production) and
 * `packages-dev` (dev: true, left out of scans unless dev dependencies are asked for), read as
 * composer-packages.ts describes; each package's location is its object's line range.
 *
 * Direct dependencies are not in the lockfile: as trivy does, they come from the composer.json
 * beside it (`X-composer.json` for a lockfile named `X-composer.lock`). Its `require` and
 * `require-dev` names are direct, every other package indirect. Without a readable composer.json
 * the relationship is unknown.
 *
 * Lockfiles inside `vendor/` belong to installed packages and are not wanted.
 */
export const composerLockAnalyzer: Analyzer = {
  name: 'composer',
  version: 1,
  wants,
  analyze,
};

/** Spans read: the lockfile (0), `packages` (1), its package objects (2), of which only what composerPackages reads is kept. */
const SPAN_DEPTH = 2;

function wants(info: FileInfo): boolean {
  return isLockfileNamed(info.path, 'composer.lock') && !info.path.split('/').slice(0, -1).includes('vendor');
}

async function analyze(input: AnalyzerInput): Promise<AnalysisResult> {
  const { value, span, lines } = parseLocatedJson(input.path, input.content.toString('utf8'), { spanDepth: SPAN_DEPTH, reduceEntry: composerPackageFields });
  const lockfile = asObject(value);
  if (!lockfile) throw new ParseError(input.path, `not a composer.lock: expected a JSON object, found ${describe(value)}`, 1);
  const lists = [packageList(input.path, lockfile, span, 'packages', false), packageList(input.path, lockfile, span, 'packages-dev', true)];
  const packages = composerPackages(lists, lines);
  const direct = await directDependencies(input);
  if (direct) for (const pkg of packages) pkg.relationship = direct.has(pkg.name.toLowerCase()) ? 'direct' : 'indirect';
  return { applications: [composerApplication(input.path, packages)] };
}

function composerApplication(filePath: string, packages: Package[]): Application {
  return { type: 'composer', ecosystem: 'Packagist', purlType: 'composer', filePath, packages };
}

function packageList(file: string, lockfile: JsonObject, span: JsonSpan | undefined, key: string, dev: boolean): PackageList {
  const values = lockfile[key];
  if (values === undefined || values === null) return { values: [], spans: [], dev };
  if (!Array.isArray(values)) throw new ParseError(file, `"${key}" must be an array, found ${describe(values)}`);
  return { values, spans: span?.fields?.get(key)?.items, dev };
}

/** Lower-cased names under `require` and `require-dev` of the sibling composer.json. */
async function directDependencies(input: AnalyzerInput): Promise<Set<string> | undefined> {
  const base = posix.basename(input.path);
  const manifest = posix.join(posix.dirname(input.path), `${base.slice(0, -'lock'.length)}json`);
  const content = await input.readFile(manifest);
  if (!content) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(content.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    return undefined; // a broken composer.json says nothing; the lockfile still counts
  }
  const object = asObject(json);
  if (!object) return undefined;
  const names = [...Object.keys(asObject(object.require) ?? {}), ...Object.keys(asObject(object['require-dev']) ?? {})];
  return new Set(names.map((n) => n.toLowerCase()));
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}
