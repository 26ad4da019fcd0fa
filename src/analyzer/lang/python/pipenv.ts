import { isProjectLockfile } from '../../lockfile-path.js';
import type { Analyzer, AnalyzerInput, AnalysisResult, Package } from '../../types.js';
import { asObject, asString, parseJsonObject, spanLocation, type JsonDocument } from '../../json-spans.js';

/**
 * Pipfile.lock analyzer (pipenv).
 *
 * The lockfile is JSON with two maps of package name → `{ "version": "==1.2.3", "hashes": [...],
 * "markers": ..., "index": ... }`: `default` (production) and `develop` (development). The version
 * is the pin without its `==`. Entries without a version (`git`/`path`/`editable` sources) are
 * skipped: nothing to match advisories with. A package in both maps is one production package
 * with both locations; one only in `develop` is `dev` (trivy reads `default` only, so leaving
 * development packages out by default gives the same report).
 *
 * Location: the lines of the package's object, from its opening to its closing brace, as trivy
 * reports them. Names are kept as written (pipenv writes them normalised).
 */
export const pipenvLockAnalyzer: Analyzer = {
  name: 'pipenv',
  version: 1,
  wants: (info) => isProjectLockfile(info.path, 'Pipfile.lock'),
  analyze,
};

async function analyze(input: AnalyzerInput): Promise<AnalysisResult> {
  const document = parseJsonObject(input.path, input.content.toString('utf8'));
  const packages = new Map<string, Package>();
  addSection(packages, document, 'default', false);
  addSection(packages, document, 'develop', true);
  return {
    applications: [{ type: 'pipenv', ecosystem: 'PyPI', purlType: 'pypi', filePath: input.path, packages: [...packages.values()] }],
  };
}

function addSection(packages: Map<string, Package>, document: JsonDocument, section: 'default' | 'develop', dev: boolean): void {
  const entries = asObject(document.value[section]) ?? {};
  const spans = document.span.fields?.get(section)?.fields;
  for (const [name, value] of Object.entries(entries)) {
    const version = asString(asObject(value)?.version)?.replace(/^=+/, '');
    if (!version) continue;
    const id = `${name}@${version}`;
    const span = spans?.get(name);
    const location = span ? [spanLocation(span, document.lines)] : [];
    const existing = packages.get(id);
    if (existing) {
      existing.locations = [...(existing.locations ?? []), ...location];
      continue;
    }
    packages.set(id, { id, name, version, dev, ...(location.length > 0 ? { locations: location } : {}) });
  }
}
