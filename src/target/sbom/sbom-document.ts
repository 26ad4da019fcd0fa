/**
 * What picket reads from any SBOM format: the described artifact, the components (an operating
 * system, applications that hold packages, the packages with their purls) and the edges between
 * them (contains, depends on). The CycloneDX and SPDX readers produce this; sbom-facts.ts turns
 * it into the facts a scan matches.
 */
export interface SbomComponent {
  /** The component's id in its document (CycloneDX `bom-ref`, SPDX `SPDXID`). */
  ref: string;
  kind: 'os' | 'application' | 'package';
  name: string;
  version?: string;
  purl?: string;
  /**
   * trivy's component properties by short name (`PkgID`, `SrcName`, `FilePath`, `Type`, ...), as
   * CycloneDX `aquasecurity:trivy:*` properties and SPDX annotations carry them (picket writes
   * the same). A name may repeat (`DiffID`).
   */
  properties: Map<string, string[]>;
  licenses: string[];
}

export interface SbomDocument {
  format: 'cyclonedx' | 'spdx';
  /** The described artifact (CycloneDX `metadata.component`, the SPDX package the document DESCRIBES). */
  root?: { ref: string; name: string; properties: Map<string, string[]> };
  components: SbomComponent[];
  /** ref -> refs it contains or depends on. */
  edges: Map<string, string[]>;
  /** Elements that are neither packages with a purl nor holders of packages (files, services, ...). */
  skipped: number;
}

/** The first value of a property. */
export function property(properties: Map<string, string[]>, name: string): string | undefined {
  return properties.get(name)?.[0];
}

/** Adds a `name: value` property. */
export function addProperty(properties: Map<string, string[]>, name: string, value: string): void {
  const values = properties.get(name);
  if (values) values.push(value);
  else properties.set(name, [value]);
}

/** Adds an edge `from -> to` once. */
export function addEdge(edges: Map<string, string[]>, from: string, to: string): void {
  const list = edges.get(from);
  if (!list) edges.set(from, [to]);
  else if (!list.includes(to)) list.push(to);
}
