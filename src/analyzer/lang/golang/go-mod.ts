/**
 * go.mod analyzer (trivy type `gomod`), with go.sum for old modules, as trivy reads them:
 *
 * - the main module (`module` line) is the root, without a version;
 * - each `require` is a package at the required version (a path required twice keeps the last),
 *   direct unless marked `// indirect`. Before Go 1.17 (the `go` line says less than 1.17, or
 *   there is none) go.mod does not list all indirect dependencies, so its indirect requires are
 *   left out and go.sum fills the gap (below);
 * - `replace old [v] => new v'` swaps a required module for another module at its version (only
 *   when `v`, if given, is the required version); a replacement by a local directory
 *   (`=> ../fork`) removes the module, it is not a published one;
 * - when no package came out indirect (a pre-1.17 module, or one without indirect dependencies),
 *   the go.sum beside go.mod adds every module it lists that go.mod does not, as indirect (the
 *   last version listed per module: go.sum sorts versions, so the newest);
 * - optionally (trivy's `--detection-priority comprehensive`), `stdlib` at the Go version of the
 *   `toolchain` line, or of the `go` line from Go 1.21 on, as a direct dependency.
 *
 * Packages from go.mod carry the line of their require (or replace) directive, the root that of
 * its module line (trivy reports no locations for go.mod). Versions keep their `v` (`v1.2.3`), as
 * Go and trivy write them. go.mod files of vendored copies (`vendor/`) and of a module cache
 * (`pkg/mod/`) are not wanted.
 *
 * The dependency graph, as trivy builds it:
 * - the root depends on the direct packages (`stdlib` included);
 * - when the machine has a Go module cache (module-cache.ts: `$GOPATH/pkg/mod`, else `~/go/pkg/mod`,
 *   whatever the scan target), each package depends on the modules its own go.mod requires
 *   (not `// indirect`) that this go.mod's list holds, at the version listed here — the versions
 *   Go selected;
 * - an indirect package nothing depends on (no cache, or a module missing from it) hangs under
 *   the root, so that every package stays reachable in the tree.
 * trivy's licences from the module cache (license file classification) are not read.
 */
import { posix } from 'node:path';
import type { Analyzer, AnalyzerInput, AnalysisResult, Package } from '../../types.js';
import { isLockfileNamed } from '../../lockfile-path.js';
import { ParseError } from '../../parse-error.js';
import { ModFileError, parseModFile, type ModFile } from './modfile.js';
import { goPackageId } from './go-binary.js';
import { defaultModuleCacheDir, openModuleCache, type ModuleCache } from './module-cache.js';

export interface GoModOptions {
  /** Report `stdlib` from the `toolchain`/`go` line (trivy does under --detection-priority comprehensive). */
  stdlib?: boolean;
  /**
   * The Go module cache directory (`$GOPATH/pkg/mod`) to read dependencies' go.mod files from;
   * null: none. Default: defaultModuleCacheDir(), from the environment at analysis time.
   */
  moduleCache?: string | null;
}

export function createGoModAnalyzer(options: GoModOptions = {}): Analyzer {
  return {
    name: 'gomod',
    version: 2,
    scope: 'any',
    wants: (info) => isLockfileNamed(info.path, 'go.mod') && !isVendored(info.path),
    companionNames: ['go.sum'],
    analyze: (input) => analyze(input, options),
  };
}

export const goModAnalyzer: Analyzer = createGoModAnalyzer();

/** go.mod files of vendored copies and of the module cache belong to dependencies. */
function isVendored(path: string): boolean {
  const dirs = path.split('/').slice(0, -1);
  return dirs.includes('vendor') || dirs.some((d, i) => d === 'pkg' && dirs[i + 1] === 'mod');
}

async function analyze(input: AnalyzerInput, options: GoModOptions): Promise<AnalysisResult> {
  let mod: ModFile;
  try {
    mod = parseModFile(input.content.toString('utf8'));
  } catch (err) {
    if (err instanceof ModFileError) throw new ParseError(input.path, err.message, err.line);
    throw err;
  }
  const packages = modulePackages(mod, options);
  if (!packages.some((p) => p.relationship === 'indirect')) {
    const sum = await input.readFile(posix.join(posix.dirname(input.path), 'go.sum'));
    if (sum) mergeGoSum(packages, parseGoSum(sum.toString('utf8')));
  }
  const cacheDir = options.moduleCache === undefined ? defaultModuleCacheDir() : options.moduleCache;
  await linkGraph(packages, cacheDir === null ? undefined : await openModuleCache(cacheDir));
  return { applications: [{ type: 'gomod', ecosystem: 'Go', purlType: 'golang', filePath: input.path, packages }] };
}

function modulePackages(mod: ModFile, options: GoModOptions): Package[] {
  const byPath = new Map<string, Package>();
  if (options.stdlib) {
    const version = stdlibVersion(mod);
    if (version) byPath.set('stdlib', { id: goPackageId('stdlib', `v${version}`), name: 'stdlib', version: `v${version}`, relationship: 'direct' });
  }
  if (mod.module) {
    const line = mod.module.line;
    byPath.set(mod.module.path, { id: mod.module.path, name: mod.module.path, version: '', relationship: 'root', locations: [{ startLine: line, endLine: line }] });
  }
  const skipIndirect = mod.go === undefined || lessThan(mod.go, 1, 17);
  for (const req of mod.require) {
    if (skipIndirect && req.indirect) continue;
    byPath.set(req.path, {
      id: goPackageId(req.path, req.version),
      name: req.path,
      version: req.version,
      relationship: req.indirect ? 'indirect' : 'direct',
      locations: [{ startLine: req.line, endLine: req.line }],
    });
  }
  for (const rep of mod.replace) {
    const old = byPath.get(rep.old.path);
    if (!old || (rep.old.version !== undefined && rep.old.version !== old.version)) continue;
    byPath.delete(rep.old.path);
    if (rep.new.version === '') continue; // a local directory
    byPath.set(rep.new.path, {
      id: goPackageId(rep.new.path, rep.new.version),
      name: rep.new.path,
      version: rep.new.version,
      relationship: old.relationship,
      locations: [{ startLine: rep.line, endLine: rep.line }],
    });
  }
  return [...byPath.values()];
}

/**
 * trivy's reading of the `go` line: `1.N` with N < minor (and major <= 1); other shapes
 * (`1.21.0`, `1.21rc1`) are never "less than".
 */
function lessThan(version: string, major: number, minor: number): boolean {
  const parts = version.split('.');
  if (parts.length !== 2 || !/^\d+$/.test(parts[0]) || !/^\d+$/.test(parts[1])) return false;
  return Number(parts[0]) <= major && Number(parts[1]) < minor;
}

/**
 * The minimal Go version the module needs: the `toolchain` line without `go` and any `-suffix`
 * (`go1.22.5-custom` -> `1.22.5`), else the `go` line from 1.21 on (`1.22` -> `1.22.0`).
 */
function stdlibVersion(mod: ModFile): string | undefined {
  if (mod.toolchain) return mod.toolchain.split('-', 1)[0].replace(/^go/, '');
  if (!mod.go) return undefined;
  const parts = mod.go.split('.');
  let majorMinor: string;
  let version = mod.go;
  if (parts.length > 2) majorMinor = parts.slice(0, 2).join('.');
  else if (mod.go.includes('rc')) majorMinor = mod.go.split('rc', 1)[0];
  else {
    majorMinor = mod.go;
    version = `${mod.go}.0`;
  }
  return lessThan(majorMinor, 1, 21) ? undefined : version;
}

/** go.sum: `path version[/go.mod] hash` lines; the last version listed per module path. */
export function parseGoSum(text: string): Map<string, string> {
  const versions = new Map<string, string>();
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 2) continue;
    versions.set(fields[0], fields[1].replace(/\/go\.mod$/, ''));
  }
  return versions;
}

function mergeGoSum(packages: Package[], sum: Map<string, string>): void {
  const known = new Set(packages.map((p) => p.name));
  for (const [path, version] of sum) {
    if (known.has(path)) continue;
    packages.push({ id: goPackageId(path, version), name: path, version, relationship: 'indirect' });
  }
}

/** Fills dependsOn: the root's direct packages, each package's requirements from the module cache, orphans under the root. */
async function linkGraph(packages: Package[], cache: ModuleCache | undefined): Promise<void> {
  const root = packages.find((p) => p.relationship === 'root');
  const direct = packages.filter((p) => p.relationship === 'direct').map((p) => p.id).sort();
  if (cache) {
    const idByName = new Map(packages.map((p) => [p.name, p.id]));
    const modules = packages.filter((p) => p !== root && p.version !== '');
    const requires = await cache.requires(modules.map((p) => ({ path: p.name, version: p.version })));
    modules.forEach((pkg, i) => {
      const dependsOn = (requires[i] ?? []).flatMap((name) => idByName.get(name) ?? []).sort();
      if (dependsOn.length > 0) pkg.dependsOn = dependsOn;
    });
  }
  if (!root) return;
  const parented = new Set([...direct, ...packages.flatMap((p) => p.dependsOn ?? [])]);
  const orphans = packages.filter((p) => p.relationship === 'indirect' && !parented.has(p.id)).map((p) => p.id).sort();
  const dependsOn = [...direct, ...orphans];
  if (dependsOn.length > 0) root.dependsOn = dependsOn;
}
