import { UserError } from '../../errors.js';
import { addEdge, addProperty, type SbomComponent, type SbomDocument } from './sbom-document.js';

/** The property prefixes of trivy's (and picket's) CycloneDX component properties. */
const PROPERTY_PREFIXES = ['aquasecurity:trivy:', 'picket:'];

/**
 * Reads a CycloneDX JSON BOM (1.2 to 1.6): `metadata.component` is the artifact; components of
 * type `operating-system` and trivy's application components (type `application` with a `Class`
 * property, or without a purl) hold packages; every other component with a purl is a package.
 * Nested `components` and the `dependencies` graph give the edges.
 */
export function readCycloneDx(bom: Record<string, unknown>, file: string): SbomDocument {
  if (bom.components !== undefined && !Array.isArray(bom.components)) throw new UserError(`${file}: CycloneDX "components" is not a list`);
  const doc: SbomDocument = { format: 'cyclonedx', components: [], edges: new Map(), skipped: 0 };
  let anonymous = 0;
  const refOf = (c: Record<string, unknown>) => (typeof c['bom-ref'] === 'string' && c['bom-ref'] !== '' ? c['bom-ref'] : `#component-${++anonymous}`);

  const visit = (raw: unknown, parent: string | undefined): void => {
    if (!isRecord(raw)) return;
    const ref = refOf(raw);
    const component = componentOf(raw, ref);
    if (component) doc.components.push(component);
    else doc.skipped++;
    if (parent) addEdge(doc.edges, parent, ref);
    for (const child of asArray(raw.components)) visit(child, ref);
  };

  const metadata = isRecord(bom.metadata) ? bom.metadata : {};
  if (isRecord(metadata.component)) {
    const root = metadata.component;
    doc.root = { ref: refOf(root), name: typeof root.name === 'string' ? root.name : '', properties: propertiesOf(root) };
    for (const child of asArray(root.components)) visit(child, doc.root.ref);
  }
  for (const c of asArray(bom.components)) visit(c, undefined);
  for (const dep of asArray(bom.dependencies)) {
    if (!isRecord(dep) || typeof dep.ref !== 'string') continue;
    for (const to of asArray(dep.dependsOn)) if (typeof to === 'string') addEdge(doc.edges, dep.ref, to);
  }
  return doc;
}

function componentOf(c: Record<string, unknown>, ref: string): SbomComponent | undefined {
  const properties = propertiesOf(c);
  const purl = typeof c.purl === 'string' && c.purl !== '' ? c.purl : undefined;
  const kind = c.type === 'operating-system' ? 'os'
    : c.type === 'application' && (properties.has('Class') || !purl) ? 'application'
      : purl ? 'package' : undefined;
  if (!kind) return undefined;
  return {
    ref,
    kind,
    name: typeof c.name === 'string' ? c.name : '',
    ...(typeof c.version === 'string' && c.version !== '' ? { version: c.version } : {}),
    ...(purl ? { purl } : {}),
    properties,
    licenses: licensesOf(c.licenses),
  };
}

function propertiesOf(c: Record<string, unknown>): Map<string, string[]> {
  const properties = new Map<string, string[]>();
  for (const p of asArray(c.properties)) {
    if (!isRecord(p) || typeof p.name !== 'string' || typeof p.value !== 'string') continue;
    const name = p.name;
    const prefix = PROPERTY_PREFIXES.find((x) => name.startsWith(x));
    if (prefix) addProperty(properties, name.slice(prefix.length), p.value);
  }
  return properties;
}

/** CycloneDX licences: SPDX ids, names, or one expression. */
function licensesOf(raw: unknown): string[] {
  const out: string[] = [];
  for (const entry of asArray(raw)) {
    if (!isRecord(entry)) continue;
    if (typeof entry.expression === 'string') out.push(entry.expression);
    else if (isRecord(entry.license)) {
      const value = entry.license.id ?? entry.license.name;
      if (typeof value === 'string' && value !== '') out.push(value);
    }
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
