import { posix } from 'node:path';
import type { Analyzer, AnalyzerInput, AnalysisResult, Package } from '../../types.js';

/**
 * Gradle dependency lockfiles (`gradle.lockfile`, and per-script ones such as
 * `buildscript-gradle.lockfile` or `settings-gradle.lockfile`), Type `gradle`.
 *
 * Each line `group:artifact:version=configuration,configuration` is one resolved module; lines
 * starting with `#` are comments and the `empty=...` line lists configurations without
 * dependencies. Anything else (hand edits, merge leftovers) is skipped, as Gradle and trivy skip it.
 * A module is `dev` when every configuration it is locked for is a test one (`test...`), as in
 * trivy. The lockfile is flat: no relationships, no graph. A module listed twice is one package
 * with both lines as locations.
 *
 * The Gradle 6 layout `gradle/dependency-locks/<configuration>.lockfile` (one file per
 * configuration, lines without `=`) is read too; there the file name is the configuration.
 */
export const gradleLockAnalyzer: Analyzer = {
  name: 'gradle-lockfile',
  version: 1,
  wants: (info) => isGradleLockfile(info.path),
  analyze,
};

function isGradleLockfile(path: string): boolean {
  return path.endsWith('gradle.lockfile') || isLegacyLockfile(path);
}

function isLegacyLockfile(path: string): boolean {
  return path.endsWith('.lockfile') && posix.dirname(path).split('/').slice(-2).join('/') === 'gradle/dependency-locks';
}

async function analyze(input: AnalyzerInput): Promise<AnalysisResult> {
  const legacyConfiguration = isLegacyLockfile(input.path) ? posix.basename(input.path, '.lockfile') : undefined;
  const packages = new Map<string, Package>();
  const text = input.content.toString('utf8');
  let lineNumber = 0;
  for (let start = 0; start <= text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    lineNumber++;
    addLine(packages, text.slice(start, end), lineNumber, legacyConfiguration);
    start = end + 1;
  }
  return {
    applications: [{ type: 'gradle', ecosystem: 'Maven', purlType: 'maven', filePath: input.path, packages: [...packages.values()] }],
  };
}

function addLine(packages: Map<string, Package>, raw: string, lineNumber: number, legacyConfiguration: string | undefined): void {
  const line = raw.trim();
  if (line === '' || line.startsWith('#')) return;
  const equals = line.indexOf('=');
  const coordinates = equals === -1 ? line : line.slice(0, equals);
  const parts = coordinates.split(':');
  if (parts.length !== 3 || parts.some((p) => p === '' || /\s/.test(p))) return;
  const configurations = legacyConfiguration !== undefined ? [legacyConfiguration] : line.slice(equals + 1).split(',').map((c) => c.trim());
  if (equals === -1 && legacyConfiguration === undefined) return;

  const [group, artifact, version] = parts;
  const name = `${group}:${artifact}`;
  const id = `${name}@${version}`;
  const dev = configurations.every((c) => c.startsWith('test'));
  const location = { startLine: lineNumber, endLine: lineNumber };
  const existing = packages.get(id);
  if (existing) {
    existing.locations!.push(location);
    existing.dev = existing.dev && dev;
    return;
  }
  packages.set(id, { id, name, version, dev, locations: [location] });
}
