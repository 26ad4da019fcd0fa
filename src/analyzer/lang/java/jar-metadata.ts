import { posix } from 'node:path';

/**
 * What a Java archive says about the artifacts in it: `META-INF/maven/<g>/<a>/pom.properties`
 * (written by Maven and Gradle publishing), `META-INF/MANIFEST.MF` (main section), and the
 * archive's file name (`name-1.2.3.jar`).
 */

export interface Coordinates {
  groupId: string;
  artifactId: string;
  version: string;
}

/** Maven coordinates are made of these characters; a title such as `Apache Commons IO` is not one. */
const COORDINATE = /^[\w.-]+$/;

export function isValidCoordinates(c: Partial<Coordinates>): c is Coordinates {
  return !!c.groupId && !!c.artifactId && !!c.version && COORDINATE.test(c.groupId) && COORDINATE.test(c.artifactId) && !/\s/.test(c.version);
}

/** `groupId=`, `artifactId=`, `version=` of a pom.properties (Java properties: `=` or `:`, `#` comments). */
export function parsePomProperties(text: string): Partial<Coordinates> {
  const found: Partial<Coordinates> = {};
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const separator = line.search(/[=:]/);
    if (separator === -1) continue;
    const key = line.slice(0, separator).trim();
    const value = line.slice(separator + 1).trim();
    if (key === 'groupId' || key === 'artifactId' || key === 'version') found[key] = value;
  }
  return found;
}

/** Attributes of a manifest's main section (the one describing the archive), folded lines joined. */
export function parseManifest(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  let current = '';
  const flush = () => {
    const colon = current.indexOf(':');
    if (colon > 0) {
      const name = current.slice(0, colon).trim();
      if (!attributes.has(name)) attributes.set(name, current.slice(colon + 1).trim());
    }
  };
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === '') break; // the main section ends at the first blank line
    if (line.startsWith(' ')) {
      current += line.slice(1);
      continue;
    }
    flush();
    current = line;
  }
  flush();
  return attributes;
}

/**
 * Coordinates from manifest attributes, with trivy's precedence: groupId from
 * Implementation-Vendor-Id, Bundle-SymbolicName (without its last segment), Implementation-Vendor,
 * Specification-Vendor; artifactId from Implementation-Title, Specification-Title, Bundle-Name;
 * version from Implementation-Version, Specification-Version, Bundle-Version. A value that cannot
 * be a coordinate (a localisation key `%bundleName`, a title with spaces such as
 * `Apache Commons IO`) is passed over for the next attribute (trivy takes it as it is).
 */
export function manifestCoordinates(attributes: Map<string, string>): Partial<Coordinates> {
  const values = (...names: string[]) => names.map((n) => attributes.get(n));
  return {
    groupId: firstValid(COORDINATE, [
      attributes.get('Implementation-Vendor-Id'),
      symbolicNameGroup(attributes.get('Bundle-SymbolicName')),
      ...values('Implementation-Vendor', 'Specification-Vendor'),
    ]),
    artifactId: firstValid(COORDINATE, values('Implementation-Title', 'Specification-Title', 'Bundle-Name')),
    version: firstValid(/^\S+$/, values('Implementation-Version', 'Specification-Version', 'Bundle-Version')),
  };
}

function firstValid(valid: RegExp, candidates: Array<string | undefined>): string | undefined {
  return candidates.find((v): v is string => v !== undefined && !v.startsWith('%') && valid.test(v));
}

/** `com.fasterxml.jackson.core.jackson-databind;singleton:=true` → com.fasterxml.jackson.core. */
function symbolicNameGroup(symbolicName: string | undefined): string | undefined {
  const name = symbolicName?.split(';')[0].trim();
  const dot = name ? name.lastIndexOf('.') : -1;
  return name && dot > 0 ? name.slice(0, dot) : name;
}

/** `spring-core-5.3.4-SNAPSHOT.jar` → spring-core, 5.3.4-SNAPSHOT (trivy's pattern; `.jar` names only). */
export function fileNameCoordinates(path: string): { artifactId: string; version: string } | undefined {
  const match = /^([\w.-]*[^-*])-(\d\S*(?:-SNAPSHOT)?)\.jar$/.exec(posix.basename(path));
  return match ? { artifactId: match[1], version: match[2] } : undefined;
}
