import { posix } from 'node:path';
import { asObject, parseLocatedJson, type JsonSpan } from '../../json-spans.js';
import { ParseError } from '../../parse-error.js';
import type { Analyzer, AnalyzerInput, AnalysisResult } from '../../types.js';
import { composerPackages, type PackageList } from './composer-packages.js';

/**
 * Installed Composer packages: `vendor/composer/installed.json`, wanted under any name
 * `installed.json` as trivy does. Two layouts:
 *
 * - Composer 1: a top-level array of package objects.
 * - Composer 2: `{"packages": [...], "dev": true, "dev-package-names": [...]}`; the packages named
 *   in `dev-package-names` were installed only as dev dependencies (dev: true).
 *
 * Package objects are read as composer-packages.ts describes (the same shape as in
 * composer.lock); each package's location is its object's line range. The file records no direct
 * dependencies, so the relationship is unknown. A JSON object without a `packages` array is some
 * other tool's installed.json: no application.
 */
export const composerInstalledAnalyzer: Analyzer = {
  name: 'composer-vendor',
  version: 1,
  scope: 'any',
  wants: (info) => posix.basename(info.path) === 'installed.json',
  analyze,
};

/** Spans read: the package objects, at depth 1 (Composer 1's array) or 2 (Composer 2's `packages`). */
const SPAN_DEPTH = 2;

async function analyze(input: AnalyzerInput): Promise<AnalysisResult> {
  const { value, span, lines } = parseLocatedJson(input.path, input.content.toString('utf8'), { spanDepth: SPAN_DEPTH });
  const list = installedList(input.path, value, span);
  if (!list) return {};
  const packages = composerPackages([list.packages], lines);
  for (const pkg of packages) pkg.dev = list.devNames.has(pkg.name.toLowerCase());
  return {
    applications: [{ type: 'composer-vendor', ecosystem: 'Packagist', purlType: 'composer', filePath: input.path, packages }],
  };
}

function installedList(file: string, value: unknown, span: JsonSpan | undefined): { packages: PackageList; devNames: Set<string> } | undefined {
  if (Array.isArray(value)) return { packages: { values: value, spans: span?.items, dev: false }, devNames: new Set() };
  const object = asObject(value);
  if (!object) throw new ParseError(file, `not a Composer installed.json: expected a JSON array or object, found ${value === null ? 'null' : typeof value}`, 1);
  if (!Array.isArray(object.packages)) return undefined;
  const devNames = Array.isArray(object['dev-package-names'])
    ? new Set(object['dev-package-names'].filter((n): n is string => typeof n === 'string').map((n) => n.toLowerCase()))
    : new Set<string>();
  return { packages: { values: object.packages, spans: span?.fields?.get('packages')?.items, dev: false }, devNames };
}
