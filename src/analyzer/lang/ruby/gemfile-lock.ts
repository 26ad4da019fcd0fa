import { isLockfileNamed } from '../../lockfile-path.js';
import { ParseError } from '../../parse-error.js';
import type { Analyzer, AnalyzerInput, AnalysisResult, Location, Package } from '../../types.js';
import { byNameThenVersion, mergePackagesById } from '../npm/dependency-graph.js';

/**
 * Gemfile.lock (Bundler; also `gems.locked`). The file is a list of sections, each a header at
 * column 0 followed by indented lines:
 *
 * - Source sections `GEM`, `GIT`, `PATH`, `PLUGIN SOURCE`: `  remote:`/`  revision:` options, then
 *   `  specs:` with one gem per 4-space line, `name (version)`, and the gem's own dependencies on
 *   the 6-space lines under it, `name (requirement)`. A version may carry a platform after the first
 *   `-` (`1.13.3-x86_64-linux`), which is not part of the gem's version and is dropped. The same gem
 *   built for several platforms is one package with one location per line.
 * - `DEPENDENCIES`: the Gemfile's own gems, 2-space lines `name`, `name (requirement)` or `name!`
 *   (`!` = from a GIT/PATH source): these are direct, every other gem indirect. Without the
 *   section the relationship is unknown.
 * - `PLATFORMS`, `RUBY VERSION`, `BUNDLED WITH`, `CHECKSUMS` and unknown upper-case sections: ignored.
 *
 * A spec line without a version is skipped; a line at column 0 that is not a section header means
 * the file is not a Gemfile.lock (ParseError). Gemfile.lock does not record Gemfile groups, so no
 * gem is marked dev.
 */
export const gemfileLockAnalyzer: Analyzer = {
  name: 'bundler',
  version: 1,
  wants: (info) => isLockfileNamed(info.path, 'Gemfile.lock') || isLockfileNamed(info.path, 'gems.locked'),
  analyze,
};

async function analyze(input: AnalyzerInput): Promise<AnalysisResult> {
  const lockfile = readLockfile(input.path, input.content.toString('utf8'));
  const packages = buildPackages(lockfile);
  return {
    applications: [{ type: 'bundler', ecosystem: 'RubyGems', purlType: 'gem', filePath: input.path, packages }],
  };
}

// ---------------------------------------------------------------------------------------------
// lines -> sections
// ---------------------------------------------------------------------------------------------

/** One gem of a `specs:` list. */
interface Spec {
  name: string;
  version: string;
  line: number;
  /** Names of the gems it depends on. */
  dependencies: string[];
}

interface Lockfile {
  specs: Spec[];
  /** Names under DEPENDENCIES; undefined when the section is absent. */
  direct: Set<string> | undefined;
}

const SOURCE_SECTIONS = new Set(['GEM', 'GIT', 'PATH', 'PLUGIN SOURCE']);
const SECTION_HEADER = /^[A-Z][A-Z0-9 _]*$/;
/** `name (version)`, the version possibly followed by `-platform`. */
const SPEC_LINE = /^ {4}([^\s(]+) \(([^)\s]+)\)$/;
/** `name`, `name!` or `name (requirement, ...)`. */
const DEPENDENCY_LINE = /^ +([^\s(!]+)!?(?: \(.*\))?$/;

function readLockfile(file: string, text: string): Lockfile {
  const specs: Spec[] = [];
  let direct: Set<string> | undefined;
  let section = '';
  let inSpecs = false;
  let current: Spec | undefined; // the spec whose dependency lines follow

  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (line.trim() === '') continue;
    const indent = leadingSpaces(line);

    if (indent === 0) {
      if (!SECTION_HEADER.test(line)) throw new ParseError(file, `not a Gemfile.lock: unexpected line ${JSON.stringify(truncate(line))}`, i + 1);
      section = line;
      inSpecs = false;
      current = undefined;
      if (section === 'DEPENDENCIES') direct ??= new Set();
      continue;
    }

    if (section === 'DEPENDENCIES') {
      const match = indent === 2 ? DEPENDENCY_LINE.exec(line) : null;
      if (match) direct!.add(match[1]);
    } else if (SOURCE_SECTIONS.has(section)) {
      if (indent === 2) {
        inSpecs = line === '  specs:';
        current = undefined;
      } else if (inSpecs && indent === 4) {
        current = specOf(line, i + 1);
        if (current) specs.push(current);
      } else if (inSpecs && indent === 6 && current) {
        const match = DEPENDENCY_LINE.exec(line);
        if (match) current.dependencies.push(match[1]);
      }
    }
  }
  return { specs, direct };
}

function specOf(line: string, lineNumber: number): Spec | undefined {
  const match = SPEC_LINE.exec(line);
  if (!match) return undefined;
  const dash = match[2].indexOf('-');
  const version = dash === -1 ? match[2] : match[2].slice(0, dash);
  return version ? { name: match[1], version, line: lineNumber, dependencies: [] } : undefined;
}

function leadingSpaces(line: string): number {
  let n = 0;
  while (line.charCodeAt(n) === 0x20) n++;
  return n;
}

function truncate(line: string): string {
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

// ---------------------------------------------------------------------------------------------
// sections -> packages
// ---------------------------------------------------------------------------------------------

function buildPackages({ specs, direct }: Lockfile): Package[] {
  const idOfName = new Map<string, string>(); // first version listed for a name
  for (const spec of specs) if (!idOfName.has(spec.name)) idOfName.set(spec.name, `${spec.name}@${spec.version}`);

  const occurrences = specs.map((spec): Package => {
    const id = `${spec.name}@${spec.version}`;
    const location: Location = { startLine: spec.line, endLine: spec.line };
    const dependsOn = [...new Set(spec.dependencies.map((name) => idOfName.get(name)))]
      .filter((dep): dep is string => dep !== undefined && dep !== id)
      .sort();
    return {
      id,
      name: spec.name,
      version: spec.version,
      ...(direct ? { relationship: direct.has(spec.name) ? 'direct' : 'indirect' } : {}),
      ...(dependsOn.length > 0 ? { dependsOn } : {}),
      locations: [location],
    };
  });
  return mergePackagesById(occurrences).sort(byNameThenVersion);
}
