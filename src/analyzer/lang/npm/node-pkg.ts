import type { Analyzer, AnalyzerInput, AnalysisResult, Location, Package } from '../../types.js';
import { ParseError } from '../../parse-error.js';
import { asObject, parseLocatedJson, type JsonObject } from '../../json-spans.js';

/**
 * Installed Node.js packages: the package.json of each package under `node_modules/` (trivy's
 * `node-pkg`), in rootfs and image scans (scope `installed`): what a deployed application or an
 * image layer actually holds. fs and repo scans read the lockfiles instead, as trivy does.
 *
 * - Wanted: `.../node_modules/<name>/package.json` and `.../node_modules/@<scope>/<name>/package.json`,
 *   decided on the path alone: trees hold tens of thousands of package.json files, and those
 *   deeper inside a package (test fixtures, `lib/package.json` with only `"type"`) are not
 *   installed packages. Lockfile analyzers already skip files under `node_modules/`.
 * - A package.json without both `name` and `version` is not a package (no application); a name
 *   that npm could not publish is a ParseError, as trivy decides.
 * - Licenses: `license` as a string, a `{ "type": ... }` object or a list of either, and the
 *   legacy `licenses` list; empty entries are dropped.
 * - One application per file (trivy too, before its report merges them into one "Node.js"
 *   result); no graph, no relationship; Location: the lines of the top-level object.
 */
export const nodePkgAnalyzer: Analyzer = {
  name: 'node-pkg',
  // installed packages: rootfs and image scans; fs and repo scans read the lockfiles (trivy too)
  scope: 'installed',
  version: 1,
  wants: (info) => isInstalledPackageManifest(info.path),
  analyze,
};

/** `node_modules/<name>/package.json` or `node_modules/@<scope>/<name>/package.json`, at any depth. */
export function isInstalledPackageManifest(path: string): boolean {
  if (!path.endsWith('/package.json')) return false;
  const nameEnd = path.length - '/package.json'.length;
  const nameStart = path.lastIndexOf('/', nameEnd - 1) + 1;
  if (!isPackageDir(path, nameStart, nameEnd)) return false;
  if (isSegment(path, nameStart - 1, 'node_modules')) return true;
  const scopeStart = path.lastIndexOf('/', nameStart - 2) + 1;
  return scopeStart > 0 && path[scopeStart] === '@' && nameStart - 1 - scopeStart > 1 && isSegment(path, scopeStart - 1, 'node_modules');
}

/** Is the directory name before the `/` at `slash` equal to `name`? */
function isSegment(path: string, slash: number, name: string): boolean {
  const start = slash - name.length;
  return start >= 0 && path.startsWith(name, start) && (start === 0 || path[start - 1] === '/');
}

/** A package directory: not `.bin`, `.pnpm`, `.cache` nor a bare scope. */
function isPackageDir(path: string, start: number, end: number): boolean {
  return end > start && path[start] !== '.' && path[start] !== '@';
}

/** npm's rule for names (what trivy checks): an optional `@scope/` and URL-safe characters. */
const NAME = /^(@[A-Za-z0-9._-]+\/)?[A-Za-z0-9._-]+$/;

async function analyze(input: AnalyzerInput): Promise<AnalysisResult> {
  const text = input.content.toString('utf8');
  const manifest = readManifest(text, input.path);
  if (!manifest) return {};
  const { name, version } = manifest.value;
  if (typeof name !== 'string' || typeof version !== 'string' || name === '' || version === '') return {};
  if (!NAME.test(name)) throw new ParseError(input.path, `invalid package name ${JSON.stringify(name)}`);
  const licenses = licensesOf(manifest.value.license, manifest.value.licenses);
  const pkg: Package = {
    id: `${name}@${version}`,
    name,
    version,
    locations: [manifest.location],
    ...(licenses.length > 0 ? { licenses } : {}),
  };
  return { applications: [{ type: 'node-pkg', ecosystem: 'npm', purlType: 'npm', filePath: input.path, packages: [pkg] }] };
}

/**
 * The manifest object and the lines of its braces. JSON.parse alone on the happy path (these
 * files are many); malformed ones go through parseLocatedJson for an error with its line.
 */
function readManifest(text: string, file: string): { value: JsonObject; location: Location } | undefined {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (source.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch {
    parseLocatedJson(file, source); // throws the ParseError
  }
  const object = asObject(value);
  if (!object) throw new ParseError(file, 'expected a JSON object', 1);
  const open = source.indexOf('{');
  const close = source.lastIndexOf('}');
  const startLine = 1 + countNewlines(source, 0, open);
  return { value: object, location: { startLine, endLine: startLine + countNewlines(source, open, close) } };
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** `"MIT"`, `{ "type": "MIT" }`, or lists of them, from `license` and the legacy `licenses`. */
export function licensesOf(...fields: unknown[]): string[] {
  const found: string[] = [];
  const add = (value: unknown): void => {
    const text = typeof value === 'string' ? value : asObject(value)?.type;
    if (typeof text === 'string' && text.trim() !== '' && !found.includes(text.trim())) found.push(text.trim());
  };
  for (const field of fields) {
    if (Array.isArray(field)) field.forEach(add);
    else add(field);
  }
  return found;
}
