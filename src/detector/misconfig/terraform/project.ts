/**
 * A scanned tree's Terraform: finds the root modules (directories with `.tf` files that no other
 * directory calls as a module), loads each with its variables (`terraform.tfvars`, `*.auto.tfvars`,
 * then `--tf-vars` files) and child modules, and gives adapters the evaluated blocks.
 */
import { posix } from 'node:path';
import { ParseError } from '../../../analyzer/parse-error.js';
import type { HclFile } from './ast.js';
import type { EvalBlock } from './blocks.js';
import { parseTerraformJson, parseTfvarsJson } from './json.js';
import { ModuleInstance } from './module.js';
import type { SourceTree, UnresolvedModule } from './module.js';
import { parseHcl } from './parse.js';
import { evaluate } from './evaluate.js';
import { UNKNOWN } from './values.js';
import type { TfValue } from './values.js';

/** A variables file given by the user (`--tf-vars`): its name (for messages) and text. */
export interface TfVarsFile {
  path: string;
  content: string;
}

/** The evaluated Terraform of a tree. */
export interface TerraformProject {
  modules: ModuleInstance[];
  /** Every resource instance of a type, in all modules. */
  resources(type: string): EvalBlock[];
  /** Every data source instance of a type, in all modules. */
  data(type: string): EvalBlock[];
  /** Texts of the files causes may point at, by the path reported. */
  texts: Map<string, string>;
  /** Module calls that were not followed (remote sources without an init cache). */
  unresolved: UnresolvedModule[];
  /** Files that could not be parsed. */
  errors: ParseError[];
}

/** Loads the Terraform of `files` (path relative to the scan root → text); `readOther` serves `file()` for the tree's other files. */
export function loadTerraform(files: ReadonlyMap<string, string>, tfVars: readonly TfVarsFile[] = [], readOther: (path: string) => string | undefined = () => undefined): TerraformProject {
  const errors: ParseError[] = [];
  const texts = new Map<string, string>();
  const parsed = new Map<string, HclFile[]>();
  const byDir = new Map<string, string[]>();
  for (const path of files.keys()) {
    // every file handed in is configuration, except variables files and the module cache (so `--file-patterns` can add names)
    if (/\.tfvars(\.json)?$/i.test(path) || path.includes('.terraform/')) continue;
    const dir = dirOf(path);
    byDir.set(dir, [...(byDir.get(dir) ?? []), path]);
  }
  const cacheByRoot = new Map<string, Map<string, { dir: string; source: string }>>();
  const tree: SourceTree = {
    read: (path) => files.get(path) ?? readOther(path),
    moduleFiles(dir, displayDir) {
      const key = `${dir}\u0000${displayDir}`;
      const cached = parsed.get(key);
      if (cached) return cached;
      const paths = byDir.get(dir) ?? listCacheDir(files, dir);
      const out: HclFile[] = [];
      for (const path of [...paths].sort()) {
        const text = files.get(path);
        if (text === undefined) continue;
        const display = displayDir === dir ? path : posix.join(displayDir, path.slice(dir === '' ? 0 : dir.length + 1));
        texts.set(display, text);
        try {
          out.push(path.toLowerCase().endsWith('.json') ? parseTerraformJson(display, text) : parseHcl(display, text));
        } catch (error) {
          if (error instanceof ParseError) {
            if (!errors.some((e) => e.file === error.file)) errors.push(error);
          } else throw error;
        }
      }
      parsed.set(key, out);
      return out;
    },
    cachedModules(root) {
      let cached = cacheByRoot.get(root);
      if (!cached) {
        cached = readModulesJson(files, root);
        cacheByRoot.set(root, cached);
      }
      return cached;
    },
  };

  // directories called by another directory are modules, not roots
  const called = new Set<string>();
  for (const dir of byDir.keys()) {
    for (const file of tree.moduleFiles(dir, dir)) {
      for (const block of file.body.blocks) {
        if (block.type !== 'module') continue;
        const source = block.body.attributes.find((a) => a.name === 'source');
        if (source?.expr.type === 'literal' && typeof source.expr.value === 'string' && /^\.\.?\//.test(source.expr.value)) {
          const target = posix.normalize(posix.join(dir === '' ? '.' : dir, source.expr.value));
          if (target !== dir && !(target === '.' && dir === '')) called.add(target === '.' ? '' : target);
        }
      }
    }
  }

  const unresolved: UnresolvedModule[] = [];
  const roots: ModuleInstance[] = [];
  for (const dir of [...byDir.keys()].sort()) {
    if (called.has(dir)) continue;
    const inputs = rootVariables(files, dir, tfVars, errors);
    roots.push(new ModuleInstance(tree, dir, dir, dir, [], tree.moduleFiles(dir, dir), inputs, unresolved));
  }
  const modules = roots.flatMap((root) => [...root.walk()]);
  let index: Map<string, EvalBlock[]> | undefined;
  const collect = (kind: 'resource' | 'data', type: string): EvalBlock[] => {
    if (!index) {
      index = new Map();
      for (const block of modules.flatMap((m) => m.allBlocks())) {
        const key = `${block.type} ${block.resourceType}`;
        const list = index.get(key);
        if (list) list.push(block);
        else index.set(key, [block]);
      }
    }
    return index.get(`${kind} ${type}`) ?? [];
  };
  return {
    modules,
    resources: (type) => collect('resource', type),
    data: (type) => collect('data', type),
    texts,
    unresolved,
    errors,
  };
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function listCacheDir(files: ReadonlyMap<string, string>, dir: string): string[] {
  const prefix = dir === '' ? '' : `${dir}/`;
  return [...files.keys()].filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/') && /\.tf(\.json)?$/i.test(p));
}

function readModulesJson(files: ReadonlyMap<string, string>, root: string): Map<string, { dir: string; source: string }> {
  const out = new Map<string, { dir: string; source: string }>();
  const text = files.get(posix.join(root, '.terraform/modules/modules.json'));
  if (!text) return out;
  try {
    const parsed = JSON.parse(text) as { Modules?: { Key?: string; Source?: string; Dir?: string }[] };
    for (const entry of parsed.Modules ?? []) {
      if (!entry.Key || !entry.Dir || entry.Source === undefined) continue;
      const dir = posix.normalize(posix.join(root === '' ? '.' : root, entry.Dir));
      out.set(entry.Key, { dir: dir === '.' ? '' : dir, source: entry.Source });
    }
  } catch {
    // a damaged cache index: remote modules stay unresolved
  }
  return out;
}

/** Root module variable values: `terraform.tfvars`, `*.auto.tfvars` (sorted), then `--tf-vars` files. */
function rootVariables(files: ReadonlyMap<string, string>, dir: string, tfVars: readonly TfVarsFile[], errors: ParseError[]): Map<string, TfValue> {
  const values = new Map<string, TfValue>();
  const prefix = dir === '' ? '' : `${dir}/`;
  const local = [...files.keys()]
    .filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/'))
    .map((p) => p.slice(prefix.length))
    .filter((name) => /^terraform\.tfvars(\.json)?$/.test(name) || /\.auto\.tfvars(\.json)?$/.test(name))
    .sort((a, b) => (a.startsWith('terraform.') ? -1 : b.startsWith('terraform.') ? 1 : a < b ? -1 : 1));
  const sources = [...local.map((name) => ({ path: prefix + name, content: files.get(prefix + name) ?? '' })), ...tfVars];
  for (const { path, content } of sources) {
    try {
      const attributes = path.endsWith('.json') ? parseTfvarsJson(path, content) : parseHcl(path, content).body.attributes;
      const noScope = { readFile: () => undefined, resolve: () => ({ value: UNKNOWN, consumed: 0 }) };
      for (const attr of attributes) values.set(attr.name, evaluate(attr.expr, noScope));
    } catch (error) {
      if (error instanceof ParseError) errors.push(error);
      else throw error;
    }
  }
  return values;
}
