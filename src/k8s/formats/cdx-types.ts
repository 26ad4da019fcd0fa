/** The parts of a CycloneDX JSON BOM the cluster BOM builds or takes over from the report writer's output. */
export interface CdxProperty {
  name: string;
  value: string;
}

export interface CdxComponent {
  'bom-ref': string;
  type: string;
  name: string;
  version?: string;
  purl?: string;
  properties?: CdxProperty[];
  [key: string]: unknown;
}

export interface CdxDependency {
  ref: string;
  dependsOn: string[];
}

export interface CdxVulnerability {
  id: string;
  affects?: { ref: string; [key: string]: unknown }[];
  [key: string]: unknown;
}

export interface CdxBom {
  $schema: string;
  specVersion: string;
  metadata: { tools: unknown; component: CdxComponent };
  components?: CdxComponent[];
  dependencies?: CdxDependency[];
  vulnerabilities?: CdxVulnerability[];
}

/** Properties sorted by name, then value (as the report writer sorts them). */
export function sortProperties(props: CdxProperty[]): CdxProperty[] {
  return props.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/** Properties from name/value pairs, leaving out empty values. */
export function propertiesOf(pairs: [string, string | undefined][]): CdxProperty[] {
  return sortProperties(pairs.filter((p): p is [string, string] => Boolean(p[1])).map(([name, value]) => ({ name, value })));
}
