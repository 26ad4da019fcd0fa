import { isLockfileNamed } from '../../lockfile-path.js';
import { asObject, nonEmptyString, parseLocatedJson, spanLocation, type JsonObject, type JsonSpan } from '../../json-spans.js';
import type { LineIndex } from '../../lines.js';
import { ParseError } from '../../parse-error.js';
import type { Analyzer, AnalyzerInput, AnalysisResult, Package } from '../../types.js';
import { byNameThenVersion, mergePackagesById } from '../npm/dependency-graph.js';

/**
 * packages.lock.json (NuGet, `dotnet restore --use-lock-file`). `dependencies` maps each target
 * framework (`net6.0`, `.NETCoreApp,Version=v5.0`, also `<framework>/<runtime id>`) to the
 * packages restored for it:
 * `"Name": {"type": "Direct" | "Transitive" | "CentralTransitive" | "Project", "resolved": "1.2.3",
 * "dependencies": {"Other": "minimum version"}}`.
 *
 * - Every entry with a `resolved` version is a package `Name@resolved`, except `Project` entries
 *   (other projects of the solution). `Direct` ones are direct, the rest indirect.
 * - dependsOn: the entries of the same framework named in `dependencies` (their listed versions
 *   are minimums; the framework's entry says what was resolved).
 * - A package restored for several frameworks is one package with one location per framework
 *   entry (the entry object's line range), direct if it is direct for any framework.
 * The lockfile does not record dev dependencies.
 */
export const packagesLockAnalyzer: Analyzer = {
  name: 'nuget',
  version: 1,
  wants: (info) => isLockfileNamed(info.path, 'packages.lock.json'),
  analyze,
};

/** Spans read: the file (0), `dependencies` (1), a framework (2), its package entries (3). */
const SPAN_DEPTH = 3;

async function analyze(input: AnalyzerInput): Promise<AnalysisResult> {
  const { value, span, lines } = parseLocatedJson(input.path, input.content.toString('utf8'), { spanDepth: SPAN_DEPTH });
  const lockfile = asObject(value);
  if (!lockfile) throw new ParseError(input.path, 'not a packages.lock.json: expected a JSON object', 1);
  const frameworks = asObject(lockfile.dependencies) ?? {};
  const frameworkSpans = span?.fields?.get('dependencies')?.fields;
  const occurrences: Package[] = [];
  for (const [framework, entries] of Object.entries(frameworks)) {
    const target = asObject(entries);
    if (target) occurrences.push(...frameworkPackages(target, frameworkSpans?.get(framework), lines));
  }
  const packages = mergePackagesById(occurrences).sort(byNameThenVersion);
  return { applications: [{ type: 'nuget', ecosystem: 'NuGet', purlType: 'nuget', filePath: input.path, packages }] };
}

/** The packages of one target framework. */
function frameworkPackages(target: JsonObject, span: JsonSpan | undefined, lines: LineIndex): Package[] {
  const resolvedId = (name: string): string | undefined => {
    const entry = asObject(target[name]);
    const resolved = nonEmptyString(entry?.resolved);
    return entry && resolved && !isProject(entry) ? `${name}@${resolved}` : undefined;
  };
  const packages: Package[] = [];
  for (const [name, value] of Object.entries(target)) {
    const entry = asObject(value);
    const id = resolvedId(name);
    if (!entry || !id) continue;
    const dependsOn = Object.keys(asObject(entry.dependencies) ?? {})
      .map(resolvedId)
      .filter((dep): dep is string => dep !== undefined && dep !== id)
      .sort();
    const entrySpan = span?.fields?.get(name);
    packages.push({
      id,
      name,
      version: nonEmptyString(entry.resolved)!,
      relationship: String(entry.type).toLowerCase() === 'direct' ? 'direct' : 'indirect',
      ...(dependsOn.length > 0 ? { dependsOn } : {}),
      ...(entrySpan ? { locations: [spanLocation(entrySpan, lines)] } : {}),
    });
  }
  return packages;
}

function isProject(entry: JsonObject): boolean {
  return String(entry.type).toLowerCase() === 'project';
}
