import { posix } from 'node:path';
import type { ZipFile } from 'yauzl';
import { ParseError } from '../../parse-error.js';
import type { Analyzer, AnalyzerInput, AnalysisResult, Application, Package } from '../../types.js';
import { mavenScheme } from '../../../version/maven.js';
import {
  fileNameCoordinates,
  isValidCoordinates,
  manifestCoordinates,
  parseManifest,
  parsePomProperties,
  type Coordinates,
} from './jar-metadata.js';
import { openZip, readEntry, type Entry, type ZipArchive } from './zip.js';

/**
 * Java archives (`.jar`, `.war`, `.ear`, `.par`), Type `jar`, read from memory, offline.
 *
 * For each archive, and recursively for the archives inside it (`WEB-INF/lib/*.jar` of a war,
 * `BOOT-INF/lib/*.jar` of a Spring Boot jar, `lib/*.jar` of an ear, jars in jars):
 * 1. every valid `pom.properties` is a package (a shaded or fat jar carries those of the
 *    libraries copied into it);
 * 2. when none of them is the archive itself (the artifactId and version of its file name), the
 *    main section of `META-INF/MANIFEST.MF` names it, with trivy's precedence of attributes
 *    (`manifestCoordinates`; a value that cannot be a Maven coordinate, as `Apache Commons IO`, is
 *    passed over for the next attribute where trivy would take it) — when all three coordinates
 *    are found, and not when a pom.properties has the same artifactId and version (`jansi.jar`,
 *    whose name has no version: trivy reports it twice, once under the groupId guessed from
 *    Bundle-SymbolicName);
 * 3. when the archive holds no pom.properties at all and the manifest does not name it, its file
 *    name does (`name-1.2.3.jar`), with the manifest's groupId, else the artifactId as groupId (the
 *    convention of old artifacts such as `commons-io:commons-io`, as osv-scalibr does; trivy asks
 *    Maven Central instead, which picket does not do offline).
 * A package found twice in one archive (the same name, versions equal as Maven versions) is one.
 *
 * Each archive with packages is one application whose path is the archive's path, inside its
 * parents for nested ones (`app.war/WEB-INF/lib/spring-beans-5.3.15.jar`, trivy's PkgPath). An
 * archive that is not a ZIP is a ParseError; a broken archive inside one is skipped. Nesting is
 * limited in depth and in bytes inflated (archive bombs).
 */
export const jarAnalyzer: Analyzer = {
  name: 'jar',
  version: 1,
  scope: 'any',
  wants: (info) => /\.(jar|war|ear|par)$/i.test(info.path),
  analyze,
};

const NESTED_ARCHIVE = /\.(jar|war|ear)$/i;
const METADATA_FILE_LIMIT = 10 * 1024 ** 2;
const MAX_DEPTH = 8;
/** Bytes inflated from nested archives of one file. */
const MAX_NESTED_BYTES = 2 * 1024 ** 3;

interface Budget {
  bytes: number;
}

async function analyze(input: AnalyzerInput): Promise<AnalysisResult> {
  const applications: Application[] = [];
  let zip: ZipArchive;
  try {
    zip = await openZip(input.content);
  } catch (error) {
    throw new ParseError(input.path, `not a Java archive: ${(error as Error).message}`);
  }
  try {
    await readArchive(input.path, zip, 0, applications, { bytes: MAX_NESTED_BYTES });
  } catch (error) {
    throw new ParseError(input.path, `broken Java archive: ${(error as Error).message}`);
  }
  return { applications };
}

/** What one archive's own entries say about it. */
interface ArchiveFacts {
  fromPomProperties: Coordinates[];
  /** Some pom.properties, valid or not, was found. */
  anyPomProperties: boolean;
  manifest?: Map<string, string>;
}

async function readArchive(path: string, { zip, entries }: ZipArchive, depth: number, applications: Application[], budget: Budget): Promise<void> {
  const facts: ArchiveFacts = { fromPomProperties: [], anyPomProperties: false };
  for (const entry of entries) {
    const name = entry.fileName;
    if (name.endsWith('/')) continue;
    if (posix.basename(name) === 'pom.properties') {
      const properties = parsePomProperties(await readSmall(zip, entry));
      facts.anyPomProperties = true;
      if (isValidCoordinates(properties)) facts.fromPomProperties.push(properties);
    } else if (name.toUpperCase() === 'META-INF/MANIFEST.MF') {
      facts.manifest = parseManifest(await readSmall(zip, entry));
    } else if (NESTED_ARCHIVE.test(name) && depth < MAX_DEPTH) {
      // Read and analyze it now: only one nested archive is held in memory per level.
      await readNestedArchive(zip, entry, path, depth, applications, budget);
    }
  }
  const packages = dedupe(identify(path, facts).map(toPackage));
  if (packages.length > 0) applications.push({ type: 'jar', ecosystem: 'Maven', purlType: 'maven', filePath: path, packages });
}

/** An archive inside the archive at `path`, within the budget; a broken one is skipped, as trivy does. */
async function readNestedArchive(zip: ZipFile, entry: Entry, path: string, depth: number, applications: Application[], budget: Budget): Promise<void> {
  const name = posix.normalize(entry.fileName);
  if (name.startsWith('../') || name.startsWith('/')) return; // zip slip
  if (entry.uncompressedSize > budget.bytes) return;
  budget.bytes -= entry.uncompressedSize;
  const found: Application[] = [];
  try {
    const inner = await openZip(await readEntry(zip, entry));
    await readArchive(`${path}/${name}`, inner, depth + 1, found, budget);
  } catch {
    return; // encrypted, corrupt or not a ZIP
  }
  applications.push(...found);
}

/** The coordinates an archive declares for itself and for what it bundles (steps 1-3 above). */
function identify(path: string, facts: ArchiveFacts): Coordinates[] {
  const fromName = fileNameCoordinates(path);
  const found = [...facts.fromPomProperties];
  const describesItself = found.some((c) => fromName && c.artifactId === fromName.artifactId && c.version === fromName.version);
  if (describesItself) return found;

  const manifest = facts.manifest ? manifestCoordinates(facts.manifest) : {};
  if (isValidCoordinates(manifest)) {
    // A manifest restating a pom.properties artifact (`jansi.jar`: no version in the file name)
    // describes the same jar under a guessed groupId: nothing to add.
    const restated = found.some((c) => c.artifactId === manifest.artifactId && c.version === manifest.version);
    return restated ? found : [...found, manifest];
  }
  if (!facts.anyPomProperties && fromName) {
    const groupId = manifest.groupId && isValidCoordinates({ ...fromName, groupId: manifest.groupId }) ? manifest.groupId : fromName.artifactId;
    const byName = { groupId, ...fromName };
    if (isValidCoordinates(byName)) found.push(byName);
  }
  return found;
}

function toPackage(c: Coordinates): Package {
  const name = `${c.groupId}:${c.artifactId}`;
  return { id: `${name}@${c.version}`, name, version: c.version };
}

/** One package per name and Maven-equal version (`2.17` and `2.17.0` are one). */
function dedupe(packages: Package[]): Package[] {
  const kept: Package[] = [];
  for (const pkg of packages) {
    const same = (other: Package) =>
      other.name === pkg.name && (other.version === pkg.version || (mavenScheme.isValid(other.version) && mavenScheme.isValid(pkg.version) && mavenScheme.compare(other.version, pkg.version) === 0));
    if (!kept.some(same)) kept.push(pkg);
  }
  return kept;
}

async function readSmall(zip: ZipFile, entry: Entry): Promise<string> {
  if (entry.uncompressedSize > METADATA_FILE_LIMIT) return '';
  return (await readEntry(zip, entry)).toString('utf8');
}
