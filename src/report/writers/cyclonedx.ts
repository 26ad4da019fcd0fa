import type { ReportWriter, CycloneDxVersion } from './types.js';
import { sharedSbomGraph, type SbomNode } from './sbom-graph.js';
import { isoSeconds, reportTime, toolVersion } from './artifact.js';
import { stableUuid } from './ids.js';
import { isCompoundLicense, spdxExpression, spdxLicenseId } from './licenses.js';
import { cyclonedxVulnerabilities } from './cyclonedx-vulnerabilities.js';

/**
 * CycloneDX JSON (1.6, or 1.5 on request), in trivy's layout: the artifact as the metadata
 * component (a container with its digests, or the scanned tree), an operating-system component,
 * one application component per lockfile, the packages (purl, version, licences, trivy's
 * `aquasecurity:trivy:*` properties so tools that read trivy's SBOMs read picket's), the dependency
 * graph, and the vulnerabilities found.
 */
export const cyclonedxWriter: ReportWriter = {
  format: 'cyclonedx',
  render(report, options) {
    const spec: CycloneDxVersion = options.cyclonedxVersion ?? '1.6';
    const time = reportTime(report, options.now);
    const graph = sharedSbomGraph(report, options);
    const refs = new Map<SbomNode, string>();
    const used = new Set<string>();
    const refOf = (node: SbomNode): string => {
      let ref = refs.get(node);
      if (ref) return ref;
      ref = node.purl && !used.has(node.purl) ? node.purl : stableUuid(report.ArtifactName, time.toISOString(), node.kind, node.result?.Target ?? '', node.pkg?.ID ?? node.name, String(refs.size));
      used.add(ref);
      refs.set(node, ref);
      return ref;
    };
    refOf(graph.root);
    const components = graph.nodes.map((n) => component(n, refOf(n)));
    const all = [graph.root, ...graph.nodes];
    const dependencies = all.map((n) => ({ ref: refOf(n), dependsOn: n.children.length < 2 ? n.children.map(refOf) : sortedRefs(n.children.map(refOf)) }));
    const vulnerabilities = cyclonedxVulnerabilities(report.Results, graph, refOf);
    const bom = {
      $schema: `http://cyclonedx.org/schema/bom-${spec}.schema.json`,
      bomFormat: 'CycloneDX',
      specVersion: spec,
      serialNumber: `urn:uuid:${stableUuid('cyclonedx', report.ArtifactName, time.toISOString())}`,
      version: 1,
      metadata: {
        timestamp: isoSeconds(time),
        tools: {
          components: [{ type: 'application', ...(spec === '1.6' ? { manufacturer: { name: 'picket' } } : {}), name: 'picket', version: toolVersion(report, options.appVersion) }],
        },
        component: {
          'bom-ref': refOf(graph.root),
          type: report.ArtifactType === 'container_image' ? 'container' : 'application',
          name: report.ArtifactName,
          ...(graph.root.purl ? { purl: graph.root.purl } : {}),
          properties: properties(graph.root),
        },
      },
      components,
      dependencies,
      ...(vulnerabilities.length ? { vulnerabilities } : {}),
    };
    return `${JSON.stringify(bom, null, 2)}\n`;
  },
};

/** Distinct refs in code-unit order (as `sort()` orders strings); short lists without Array sort's allocations. */
function sortedRefs(refs: string[]): string[] {
  if (refs.length > 16) return [...new Set(refs)].sort();
  const out: string[] = [];
  for (const ref of refs) {
    let j = out.length - 1;
    while (j >= 0 && out[j] > ref) j--;
    if (j >= 0 && out[j] === ref) continue;
    out.splice(j + 1, 0, ref);
  }
  return out;
}

/** A CycloneDX component, built key by key in the order the JSON lists them. */
function component(node: SbomNode, ref: string): Record<string, unknown> {
  const c: Record<string, unknown> = { 'bom-ref': ref };
  if (node.kind !== 'package') {
    c.type = node.kind === 'os' ? 'operating-system' : 'application';
    c.name = node.name;
    if (node.version) c.version = node.version;
    c.properties = properties(node);
    return c;
  }
  const { group, name } = groupAndName(node);
  const licenses = licensesOf(node.licenses);
  c.type = 'library';
  if (group) c.group = group;
  c.name = name;
  if (node.version) c.version = node.version;
  if (licenses.length) c.licenses = licenses;
  if (node.purl) c.purl = node.purl;
  if (node.properties.length) c.properties = properties(node);
  return c;
}

/** Language packages with a purl namespace (Maven group, npm scope, Go module path) split it off as `group`. */
function groupAndName(node: SbomNode): { group?: string; name: string } {
  if (node.result?.Class !== 'lang-pkgs' || !node.purl) return { name: node.name };
  // pkg:type/namespace/name@version?qualifiers#subpath: the namespace is every path segment but the last.
  const path = node.purl.replace(/^pkg:[^/]+\//, '').replace(/[@?#].*$/, '');
  const slash = path.lastIndexOf('/');
  if (slash < 0) return { name: node.name };
  try {
    return { group: path.slice(0, slash).split('/').map(decodeURIComponent).join('/'), name: decodeURIComponent(path.slice(slash + 1)) };
  } catch {
    return { name: node.name };
  }
}

function properties(node: SbomNode): { name: string; value: string }[] {
  return node.properties.map(([name, value]) => ({ name: trivyName(name), value }));
}

/** trivy's property names (`aquasecurity:trivy:PkgID`): a handful, made once each. */
const trivyNames = new Map<string, string>();
function trivyName(name: string): string {
  let full = trivyNames.get(name);
  if (full === undefined) trivyNames.set(name, (full = `aquasecurity:trivy:${name}`));
  return full;
}

/**
 * CycloneDX licences: SPDX ids as `id`, other names as `name`; a compound licence (`MIT OR
 * Apache-2.0`) makes the whole list one SPDX `expression` (the schema allows no mix).
 */
export function licensesOf(names: string[]): Record<string, unknown>[] {
  if (names.length === 0) return [];
  const key = names.join('\n');
  let licenses = licenseCache.get(key);
  if (!licenses) {
    licenses = cyclonedxLicenses(names);
    licenseCache.set(key, licenses);
  }
  return licenses;
}

/** Packages share a few licence lists: each is converted once (the objects are only serialised). */
const licenseCache = new Map<string, Record<string, unknown>[]>();

function cyclonedxLicenses(names: string[]): Record<string, unknown>[] {
  const unique = [...new Set(names.map((n) => n.trim()).filter(Boolean))];
  if (unique.some(isCompoundLicense)) {
    const exprs = unique.map(spdxExpression);
    if (exprs.every((e): e is string => e !== undefined)) {
      return [{ expression: exprs.length === 1 ? exprs[0] : exprs.map((e) => (isCompoundLicense(e) ? `(${e})` : e)).join(' AND ') }];
    }
  }
  return unique.map((n) => {
    const id = spdxLicenseId(n);
    return { license: id ? { id } : { name: n } };
  });
}
