/**
 * The local Go module cache (`$GOPATH/pkg/mod`), read as trivy's gomod analyzer does to learn
 * what each dependency requires: the graph a go.mod alone does not give.
 *
 * A module `path@version` is looked up where `go mod download` puts it: first its extracted tree
 * (`<cache>/<escaped path>@<escaped version>/go.mod`, what trivy reads), else the go.mod Go keeps
 * for version selection (`<cache>/cache/download/<escaped path>/@v/<escaped version>.mod`,
 * present also for modules whose code was never needed). Paths and versions are escaped as Go
 * escapes them: an upper-case letter becomes `!` and its lower case (`BurntSushi` → `!burnt!sushi`).
 *
 * A module's requirements are the `require` lines of its go.mod not marked `// indirect`; its own
 * `replace` directives do not apply to the main module's build and are ignored. A go.mod that is
 * missing or malformed tells nothing (undefined).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { ModFileError, parseModFile } from './modfile.js';

/**
 * The module cache trivy reads: `pkg/mod` under the first entry of `$GOPATH`, or under `~/go`
 * when GOPATH is unset (Go's default). Like trivy, GOMODCACHE is not consulted.
 */
export function defaultModuleCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const gopath = (env.GOPATH ?? '').split(delimiter).find((entry) => entry !== '') ?? join(homedir(), 'go');
  return join(gopath, 'pkg', 'mod');
}

/** A module and version, as go.mod requires it. */
export interface ModuleVersion {
  path: string;
  version: string;
}

/** A module cache directory that exists. */
export interface ModuleCache {
  dir: string;
  /**
   * For each module, the module paths its go.mod requires (not `// indirect`); undefined where
   * the cache has no readable go.mod for it.
   */
  requires(modules: readonly ModuleVersion[]): Promise<Array<string[] | undefined>>;
}

/** The cache at `dir`, or undefined when there is no such directory. */
export async function openModuleCache(dir: string): Promise<ModuleCache | undefined> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) return undefined;
  return { dir, requires: (modules) => readRequires(dir, modules) };
}

/** Go's case escaping of module paths and versions in the cache (`module.EscapePath`). */
export function escapeModulePath(path: string): string {
  return UPPER.test(path) ? path.replace(UPPER_ALL, (c) => `!${c.toLowerCase()}`) : path;
}

const UPPER = /[A-Z]/;
const UPPER_ALL = /[A-Z]/g;
/** Module path elements (letters, digits, `-._~+`, not `.` or `..`) and a version without separators: nothing outside the cache is read. */
const MODULE_PATH = /^[A-Za-z0-9._~+-]+(?:\/[A-Za-z0-9._~+-]+)*$/;
const DOT_ELEMENT = /(?:^|\/)\.\.?(?:\/|$)/;
const VERSION = /^v[0-9A-Za-z.+-]+$/;

async function readRequires(dir: string, modules: readonly ModuleVersion[]): Promise<Array<string[] | undefined>> {
  const places = modules.map(({ path, version }): string[] => {
    if (!MODULE_PATH.test(path) || DOT_ELEMENT.test(path) || !VERSION.test(version)) return [];
    const escapedPath = escapeModulePath(path);
    const escapedVersion = escapeModulePath(version);
    return [`${escapedPath}@${escapedVersion}/go.mod`, `cache/download/${escapedPath}/@v/${escapedVersion}.mod`];
  });
  const present = await inListedDirectories(dir, places.flat());
  return Promise.all(
    places.map(async (candidates) => {
      for (const relPath of candidates) {
        const text = present.has(relPath) ? await readText(join(dir, relPath)) : undefined;
        if (text !== undefined) return requiresOf(text);
      }
      return undefined;
    }),
  );
}

/** The requirements not marked `// indirect` (the last require of a path counts); undefined for a malformed go.mod. */
function requiresOf(text: string): string[] | undefined {
  try {
    const indirect = new Map<string, boolean>();
    for (const req of parseModFile(text).require) indirect.set(req.path, req.indirect);
    return [...indirect].filter(([, isIndirect]) => !isIndirect).map(([required]) => required);
  } catch (err) {
    if (err instanceof ModFileError) return undefined;
    throw err;
  }
}

/**
 * The relative paths (`/`-separated) whose every directory is listed by its parent directory.
 * Each directory is listed once, level after level: paths of modules the cache lacks stop at the
 * first missing directory, so thousands of them cost a few listings, not thousands of failed opens.
 */
async function inListedDirectories(root: string, relPaths: readonly string[]): Promise<Set<string>> {
  const listings = new Map<string, Set<string> | null>(); // null: not a readable directory
  const progress = relPaths.map(() => 0); // where the next path element starts
  const found = new Set<string>();
  let open = relPaths.map((_, i) => i);
  while (open.length > 0) {
    const needed = new Set<string>();
    const waiting: number[] = [];
    for (const i of open) {
      const path = relPaths[i];
      let from = progress[i];
      let state: 'found' | 'missing' | 'waiting' = 'found';
      for (let slash = path.indexOf('/', from); slash >= 0; from = slash + 1, slash = path.indexOf('/', from)) {
        const parent = from === 0 ? '' : path.slice(0, from - 1);
        const listing = listings.get(parent);
        if (listing === undefined) {
          needed.add(parent);
          state = 'waiting';
          break;
        }
        if (!listing?.has(path.slice(from, slash))) {
          state = 'missing';
          break;
        }
      }
      progress[i] = from;
      if (state === 'found') found.add(path);
      else if (state === 'waiting') waiting.push(i);
    }
    await Promise.all(
      [...needed].map((relDir) =>
        readdir(join(root, relDir)).then(
          (names) => void listings.set(relDir, new Set(names)),
          () => void listings.set(relDir, null),
        ),
      ),
    );
    open = waiting;
  }
  return found;
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined; // absent or unreadable: this place says nothing
  }
}
