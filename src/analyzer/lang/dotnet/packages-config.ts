import { isLockfileNamed } from '../../lockfile-path.js';
import { ParseError } from '../../parse-error.js';
import type { Analyzer, AnalyzerInput, AnalysisResult, Package } from '../../types.js';
import { byNameThenVersion, mergePackagesById } from '../npm/dependency-graph.js';
import { readPackagesConfigFast } from './packages-config-fast-path.js';
import { parseXmlRoot } from './xml-elements.js';

/**
 * packages.config (NuGet's older per-project package list):
 * `<packages><package id="Name" version="1.2.3" targetFramework="net46"
 * developmentDependency="true"/></packages>`.
 *
 * Every `package` element with an `id` and a `version` is a package, located at the element's
 * lines. `developmentDependency="true"` marks a dev package (trivy drops them; here they are
 * kept with dev: true and left out of scans unless dev dependencies are asked for). The file is a
 * flat list of every installed package, transitive ones included, with no graph: the
 * relationship is unknown. A root element other than `packages` is a ParseError.
 *
 * Files in the layout NuGet writes are read by packages-config-fast-path.ts (same element tree),
 * others by the XML parser.
 */
export const packagesConfigAnalyzer: Analyzer = {
  name: 'nuget-config',
  version: 1,
  wants: (info) => isLockfileNamed(info.path, 'packages.config'),
  analyze,
};

async function analyze(input: AnalyzerInput): Promise<AnalysisResult> {
  const text = input.content.toString('utf8');
  const root = readPackagesConfigFast(text) ?? parseXmlRoot(input.path, text);
  if (root.name !== 'packages') throw new ParseError(input.path, `not a packages.config: root element is <${root.name}>, expected <packages>`, root.location.startLine);
  const occurrences: Package[] = [];
  for (const element of root.children) {
    if (element.name !== 'package') continue;
    const name = element.attributes.id?.trim();
    const version = element.attributes.version?.trim();
    if (!name || !version) continue;
    occurrences.push({
      id: `${name}@${version}`,
      name,
      version,
      dev: element.attributes.developmentDependency?.trim().toLowerCase() === 'true',
      locations: [element.location],
    });
  }
  const packages = mergePackagesById(occurrences).sort(byNameThenVersion);
  return { applications: [{ type: 'nuget', ecosystem: 'NuGet', purlType: 'nuget', filePath: input.path, packages }] };
}
