import { ParseError } from '../../parse-error.js';
import type { Analyzer, AnalyzerInput, AnalysisResult, Package } from '../../types.js';
import { byNameThenVersion, mergePackagesById } from '../npm/dependency-graph.js';
import { parseXmlRoot, type XmlElement } from './xml-elements.js';

/**
 * MSBuild package property files: `Directory.Packages.props` (NuGet central package management)
 * and the older `Packages.props`; any file whose name ends in `packages.props`, in any case, as
 * trivy decides.
 *
 * `<Project><ItemGroup><PackageVersion Include="Name" Version="1.2.3"/></ItemGroup></Project>`;
 * `PackageReference` items count too, and `Update="Name"` names the package when `Include` is
 * absent. Names and versions are trimmed; items without either, or whose name or version is an
 * MSBuild property (`$(Version)`, not resolvable from this file), are skipped. Items outside an
 * `ItemGroup` are not read. Each package is located at its element's lines. The file declares
 * versions, not a graph or dev dependencies. A root element other than `Project` is a ParseError.
 */
export const packagesPropsAnalyzer: Analyzer = {
  name: 'packages-props',
  version: 1,
  wants: (info) => info.path.toLowerCase().endsWith('packages.props'),
  analyze,
};

const ITEM_NAMES = new Set(['PackageVersion', 'PackageReference']);

async function analyze(input: AnalyzerInput): Promise<AnalysisResult> {
  const root = parseXmlRoot(input.path, input.content.toString('utf8'));
  if (root.name !== 'Project') throw new ParseError(input.path, `not an MSBuild file: root element is <${root.name}>, expected <Project>`, root.location.startLine);
  const occurrences = root.children
    .filter((group) => group.name === 'ItemGroup')
    .flatMap((group) => group.children.filter((item) => ITEM_NAMES.has(item.name)))
    .map(packageOf)
    .filter((pkg): pkg is Package => pkg !== undefined);
  const packages = mergePackagesById(occurrences).sort(byNameThenVersion);
  return { applications: [{ type: 'packages-props', ecosystem: 'NuGet', purlType: 'nuget', filePath: input.path, packages }] };
}

function packageOf(item: XmlElement): Package | undefined {
  const include = item.attributes.Include?.trim();
  const name = include ? include : item.attributes.Update?.trim();
  const version = item.attributes.Version?.trim();
  if (!name || !version || isProperty(name) || isProperty(version)) return undefined;
  return { id: `${name}@${version}`, name, version, locations: [item.location] };
}

function isProperty(value: string): boolean {
  return value.startsWith('$(') && value.endsWith(')');
}
