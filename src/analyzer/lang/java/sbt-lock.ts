import { posix } from 'node:path';
import { asObject, parseLocatedJson, spanLocation, type JsonObject } from '../../json-spans.js';
import { ParseError } from '../../parse-error.js';
import type { Analyzer, AnalyzerInput, AnalysisResult, Package } from '../../types.js';

/**
 * sbt-dependency-lock lockfiles (`build.sbt.lock`, format version 1: JSON with a `dependencies`
 * array of `{org, name, version, artifacts, configurations}`), Type `sbt`.
 *
 * Each dependency is the package `org:name` (Scala artifacts keep their `_2.12` suffix, as Maven
 * Central and the advisories name them), located on the lines of its JSON object. As in trivy,
 * dependencies in the `compile` or `runtime` configuration are the project's; the others (only
 * `test`, `provided`, `optional`) are kept as `dev` packages (trivy leaves them out). The
 * lockfile is flat: no relationships, no graph.
 */
export const sbtLockAnalyzer: Analyzer = {
  name: 'sbt-lockfile',
  version: 1,
  wants: (info) => posix.basename(info.path).endsWith('.sbt.lock'),
  analyze,
};

const RUNTIME_CONFIGURATIONS = new Set(['compile', 'runtime']);

async function analyze(input: AnalyzerInput): Promise<AnalysisResult> {
  const { value, span, lines } = parseLocatedJson(input.path, input.content.toString('utf8'));
  const lockfile = asObject(value);
  if (!lockfile) throw new ParseError(input.path, 'not an sbt lockfile: expected a JSON object', 1);
  const dependencies = lockfile.dependencies ?? [];
  if (!Array.isArray(dependencies)) throw new ParseError(input.path, '"dependencies" must be an array');
  const spans = span?.fields?.get('dependencies')?.items;
  const packages = new Map<string, Package>();
  dependencies.forEach((element, index) => {
    const object = asObject(element);
    const entry = object && readDependency(object);
    const elementSpan = spans?.[index];
    if (!entry || !elementSpan) return;
    const id = `${entry.name}@${entry.version}`;
    const location = spanLocation(elementSpan, lines);
    const dev = !entry.configurations.some((c) => RUNTIME_CONFIGURATIONS.has(c));
    const existing = packages.get(id);
    if (existing) {
      existing.locations!.push(location);
      existing.dev = existing.dev && dev;
    } else {
      packages.set(id, { id, name: entry.name, version: entry.version, dev, locations: [location] });
    }
  });
  return {
    applications: [{ type: 'sbt', ecosystem: 'Maven', purlType: 'maven', filePath: input.path, packages: [...packages.values()] }],
  };
}

interface Dependency {
  name: string;
  version: string;
  configurations: string[];
}

/** A `dependencies` element; undefined when it lacks its org, name or version. */
function readDependency(value: JsonObject): Dependency | undefined {
  const { org, name, version, configurations } = value;
  if (typeof org !== 'string' || typeof name !== 'string' || typeof version !== 'string' || !org || !name || !version) return undefined;
  const configs = Array.isArray(configurations) ? configurations.filter((c): c is string => typeof c === 'string') : [];
  return { name: `${org}:${name}`, version, configurations: configs };
}
