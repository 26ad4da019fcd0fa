import { posix } from 'node:path';
import type { AnalyzerInput } from '../../types.js';
import { ParseError } from '../../parse-error.js';
import { asArray, asRecord, parseTomlDocument, type TomlRecord } from './toml-lockfile.js';

/**
 * The dependencies a pyproject.toml declares, as trivy reads them to tell direct from transitive
 * packages of the lockfile beside it. Names are normalised (PEP 503) for comparison.
 *
 * - main: `[project].dependencies` plus every `[project.optional-dependencies]` list (extras are
 *   installed with the project); only when the `[project]` table declares none of them,
 *   `[tool.poetry.dependencies]` (Poetry 1 projects).
 * - groups: `[tool.poetry.group.<name>.dependencies]`, the legacy `[tool.poetry.dev-dependencies]`
 *   and PEP 735 `[dependency-groups]`: direct, but development-only unless also reachable from main.
 */
export interface PyProjectDependencies {
  main: Set<string>;
  groups: Set<string>;
}

/** PEP 503 normalised name: lower case, runs of `-`, `_`, `.` as one `-`. */
export function normalizePackageName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Name of a PEP 508 requirement: `Flask (==1.0.3)`, `pluggy[tox]>=1`, `requests ; python_version < "3"`. */
export function requirementName(requirement: string): string | undefined {
  return /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/.exec(requirement)?.[1];
}

/**
 * The pyproject.toml in the directory of the lockfile being analyzed. Undefined when absent,
 * malformed (trivy only warns then and keeps the lockfile's own view) or declaring no
 * dependencies at all.
 */
export async function readSiblingPyProject(input: AnalyzerInput): Promise<PyProjectDependencies | undefined> {
  const path = posix.join(posix.dirname(input.path), 'pyproject.toml');
  const content = await input.readFile(path);
  if (!content) return undefined;
  let document: TomlRecord;
  try {
    document = parseTomlDocument(content.toString('utf8'), path);
  } catch (err) {
    if (err instanceof ParseError) return undefined;
    throw err;
  }
  return pyProjectDependencies(document);
}

export function pyProjectDependencies(document: TomlRecord): PyProjectDependencies | undefined {
  const project = asRecord(document.project);
  const poetry = asRecord(asRecord(document.tool)?.poetry);
  const main = new Set<string>();
  const groups = new Set<string>();
  let declared = false;

  const projectLists = [project?.dependencies, ...Object.values(asRecord(project?.['optional-dependencies']) ?? {})].filter(Array.isArray);
  if (projectLists.length > 0) {
    declared = true;
    for (const list of projectLists) addRequirements(main, list);
  } else if (asRecord(poetry?.dependencies)) {
    declared = true;
    addKeys(main, poetry?.dependencies);
  }

  const poetryGroups = Object.values(asRecord(poetry?.group) ?? {}).map((g) => asRecord(g)?.dependencies);
  for (const table of [...poetryGroups, poetry?.['dev-dependencies']]) {
    if (asRecord(table)) declared = true;
    addKeys(groups, table);
  }
  for (const list of Object.values(asRecord(document['dependency-groups']) ?? {})) {
    declared = true;
    addRequirements(groups, asArray(list)); // `{include-group = "..."}` entries are not strings
  }
  return declared ? { main, groups } : undefined;
}

function addRequirements(into: Set<string>, list: unknown[]): void {
  for (const item of list) {
    const name = typeof item === 'string' ? requirementName(item) : undefined;
    if (name) into.add(normalizePackageName(name));
  }
}

function addKeys(into: Set<string>, table: unknown): void {
  for (const name of Object.keys(asRecord(table) ?? {})) into.add(normalizePackageName(name));
}
