import { posix } from 'node:path';
import { child, childText, children, parseXml, XmlSyntaxError, type XmlElement } from './xml.js';

/**
 * The Maven POM model as far as it can be built without a network or a local repository:
 * one POM's own declarations (`RawPom`), and its effective form (`EffectivePom`) after
 * inheriting from parent POMs found in the scanned tree, with `${...}` properties evaluated.
 *
 * Semantics follow Maven (and trivy's reading of it):
 * - parent lookup: `<relativePath>` when given, then `../pom.xml`; a candidate is the parent only
 *   when its artifactId (and, where both are literal, groupId and version) match `<parent>`;
 * - groupId and version default to the parent POM's (to the `<parent>` coordinates when it is
 *   not in the tree);
 * - properties: the parent's, overridden by the POM's `<properties>`, overridden by the project
 *   properties (`project.version`, `project.groupId`, `project.parent.version`, and their
 *   deprecated bare forms `version`, `groupId`, ...); evaluation is recursive, a reference that
 *   cannot be resolved (unknown property, `env.*`, a loop) makes the whole value empty;
 * - `<dependencies>` and `<dependencyManagement>`: the POM's own first, then the parent's ones
 *   with another groupId:artifactId;
 * - managed entries fill a dependency's missing version and scope and set `optional`;
 *   `import`-scoped entries pull in the managed entries of a BOM when that BOM is a POM of the
 *   tree (a module, a parent); BOMs that live in remote repositories are not resolved.
 * `<exclusions>` are not read: they only prune transitive dependencies, which come from the POMs
 * of the dependencies in remote repositories and are not resolved here.
 */

/** A `<dependency>` as written (values not yet evaluated). */
export interface DeclaredDependency {
  groupId: string;
  artifactId: string;
  version: string;
  scope: string;
  optional: string;
  /** Offsets of the element's start and end tags in the POM that declares it. */
  start: number;
  end: number;
  /** Path of the POM that declares it. */
  declaredIn: string;
}

export interface ParentRef {
  groupId: string;
  artifactId: string;
  version: string;
  /** `<relativePath>` as written; undefined when absent. */
  relativePath?: string;
}

/** One POM file's own declarations. */
export interface RawPom {
  path: string;
  text: string;
  groupId?: string;
  artifactId?: string;
  version?: string;
  parent?: ParentRef;
  properties: Map<string, string>;
  dependencies: DeclaredDependency[];
  managed: DeclaredDependency[];
  modules: string[];
  licenses: string[];
}

/** A dependency after evaluation and dependency management. */
export interface ResolvedDependency {
  groupId: string;
  artifactId: string;
  version: string;
  scope: string;
  optional: boolean;
  declared: DeclaredDependency;
}

/** A POM with what it inherits: coordinates, properties, dependencies, managed dependencies. */
export interface EffectivePom {
  raw: RawPom;
  parent?: EffectivePom;
  groupId: string;
  artifactId: string;
  version: string;
  properties: Map<string, string>;
  /** Own dependencies first, then inherited ones; not yet evaluated. */
  dependencies: DeclaredDependency[];
  managed: DeclaredDependency[];
  licenses: string[];
}

/** Thrown for a POM that is not well-formed XML or not a `<project>`. */
export class PomSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset?: number,
  ) {
    super(message);
    this.name = 'PomSyntaxError';
  }
}

// ---------------------------------------------------------------------------------------------
// Reading one POM
// ---------------------------------------------------------------------------------------------

/** Decodes a POM's bytes: a BOM, else the XML declaration's encoding, else UTF-8. */
export function decodePom(content: Buffer): string {
  if (content[0] === 0xff && content[1] === 0xfe) return new TextDecoder('utf-16le').decode(content);
  if (content[0] === 0xfe && content[1] === 0xff) return new TextDecoder('utf-16be').decode(content);
  const head = content.subarray(0, 200).toString('latin1');
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/.exec(head)?.[1];
  if (declared && !/^utf-?8$/i.test(declared)) {
    try {
      return new TextDecoder(declared).decode(content);
    } catch {
      // an encoding the runtime does not know: read as UTF-8
    }
  }
  return content.toString('utf8');
}

export function readPom(path: string, text: string): RawPom {
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw new PomSyntaxError(`invalid XML: ${error.message}`, error.offset);
    throw error;
  }
  if (root.name !== 'project') throw new PomSyntaxError(`not a POM: the root element is <${root.name}>, not <project>`, root.start);
  const parent = child(root, 'parent');
  return {
    path,
    text,
    groupId: childText(root, 'groupId') || undefined,
    artifactId: childText(root, 'artifactId') || undefined,
    version: childText(root, 'version') || undefined,
    parent: parent && {
      groupId: childText(parent, 'groupId') ?? '',
      artifactId: childText(parent, 'artifactId') ?? '',
      version: childText(parent, 'version') ?? '',
      relativePath: childText(parent, 'relativePath'),
    },
    properties: new Map(propertiesOf(child(root, 'properties'))),
    dependencies: dependenciesOf(child(root, 'dependencies'), path),
    managed: dependenciesOf(child(child(root, 'dependencyManagement'), 'dependencies'), path),
    modules: children(child(root, 'modules'), 'module').map((m) => m.text.trim()).filter((m) => m !== ''),
    licenses: children(child(root, 'licenses'), 'license').map((l) => childText(l, 'name') ?? '').filter((n) => n !== ''),
  };
}

function propertiesOf(element: XmlElement | undefined): Array<[string, string]> {
  return (element?.children ?? []).map((p) => [p.name, p.text.trim()]);
}

function dependenciesOf(element: XmlElement | undefined, path: string): DeclaredDependency[] {
  return children(element, 'dependency').map((d) => ({
    groupId: childText(d, 'groupId') ?? '',
    artifactId: childText(d, 'artifactId') ?? '',
    version: childText(d, 'version') ?? '',
    scope: childText(d, 'scope') ?? '',
    optional: childText(d, 'optional') ?? '',
    start: d.start,
    end: d.end,
    declaredIn: path,
  }));
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const REFERENCE = /\$\{([^}]*)\}/g;

/**
 * Replaces every `${name}` by its value, recursively. Undefined when a reference cannot be
 * resolved: a version like `${revision}-${changelist}` with unknown properties is unknown, not `-`.
 */
export function evaluate(value: string, properties: Map<string, string>, seen: string[] = []): string | undefined {
  if (!value.includes('${')) return value;
  let unresolved = false;
  const result = value.replace(REFERENCE, (_, name: string) => {
    const raw = properties.get(name);
    if (raw === undefined || seen.includes(name)) {
      unresolved = true;
      return '';
    }
    const resolved = evaluate(raw, properties, [...seen, name]);
    if (resolved === undefined) unresolved = true;
    return resolved ?? '';
  });
  return unresolved ? undefined : result.trim();
}

/** `evaluate`, with the empty string for what cannot be resolved. */
export function evaluateOrEmpty(value: string, properties: Map<string, string>): string {
  return evaluate(value, properties) ?? '';
}

// ---------------------------------------------------------------------------------------------
// The tree: loading POMs by path and building effective POMs
// ---------------------------------------------------------------------------------------------

export type ReadFile = (relativePath: string) => Promise<Buffer | undefined>;

const MAX_PARENT_DEPTH = 32;

/**
 * The POMs of one scan reachable from a root POM (its parents, its modules and theirs), read
 * once each. Files other than the root that are absent or malformed are skipped, as Maven
 * skips a local parent it cannot use.
 */
export class PomTree {
  private readonly raws = new Map<string, Promise<RawPom | undefined>>();
  private readonly effectives = new Map<string, Promise<EffectivePom | undefined>>();
  /** Effective POMs of the tree by `groupId:artifactId:version`, for BOM imports. */
  readonly byCoordinates = new Map<string, EffectivePom>();

  constructor(private readonly readFile: ReadFile) {}

  /** Registers the root POM, already read by the analyzer. */
  addRoot(raw: RawPom): void {
    this.raws.set(raw.path, Promise.resolve(raw));
  }

  async raw(path: string): Promise<RawPom | undefined> {
    let pending = this.raws.get(path);
    if (!pending) {
      pending = this.load(path);
      this.raws.set(path, pending);
    }
    return pending;
  }

  private async load(path: string): Promise<RawPom | undefined> {
    const content = await this.readFile(path);
    if (!content) return undefined;
    try {
      return readPom(path, decodePom(content));
    } catch (error) {
      if (error instanceof PomSyntaxError) return undefined;
      throw error;
    }
  }

  /** The effective POM of the file at `path` (undefined when it is absent or malformed). */
  async effective(path: string): Promise<EffectivePom | undefined> {
    return this.effectiveIn(path, []);
  }

  /** `chain`: the POMs whose parent is being looked up, so a loop of parents ends. */
  private async effectiveIn(path: string, chain: string[]): Promise<EffectivePom | undefined> {
    let pending = this.effectives.get(path);
    if (!pending) {
      pending = this.build(path, [...chain, path]);
      this.effectives.set(path, pending);
    }
    return pending;
  }

  private async build(path: string, chain: string[]): Promise<EffectivePom | undefined> {
    const raw = await this.raw(path);
    if (!raw) return undefined;
    const parent = chain.length <= MAX_PARENT_DEPTH ? await this.findParent(raw, chain) : undefined;
    const effective = inherit(raw, parent);
    if (effective.groupId && effective.artifactId && effective.version) {
      this.byCoordinates.set(`${effective.groupId}:${effective.artifactId}:${effective.version}`, effective);
    }
    return effective;
  }

  /** The parent POM in the tree: at `<relativePath>`, else at `../pom.xml`. */
  private async findParent(raw: RawPom, chain: string[]): Promise<EffectivePom | undefined> {
    const ref = raw.parent;
    if (!ref || !ref.artifactId) return undefined;
    const candidates = [ref.relativePath, '../pom.xml'].filter((p): p is string => p !== undefined && p !== '');
    for (const relativePath of new Set(candidates)) {
      const path = resolvePomPath(raw.path, relativePath);
      if (!path || chain.includes(path)) continue;
      const candidate = await this.raw(path);
      if (!candidate || candidate.artifactId !== ref.artifactId) continue;
      const effective = await this.effectiveIn(path, chain);
      if (effective && matchesParent(effective, ref)) return effective;
    }
    return undefined;
  }
}

/**
 * Path of a POM named by `relativePath` from the POM at `from`: a directory means its pom.xml.
 * Undefined when it leads out of the scanned tree.
 */
export function resolvePomPath(from: string, relativePath: string): string | undefined {
  const joined = posix.normalize(posix.join(posix.dirname(from), relativePath.replaceAll('\\', '/')));
  const path = /\.(xml|pom)$/i.test(joined) ? joined : posix.join(joined, 'pom.xml');
  return path.startsWith('../') || path === '..' || path.startsWith('/') ? undefined : path;
}

function matchesParent(parent: EffectivePom, ref: ParentRef): boolean {
  const literal = (value: string) => value !== '' && !value.includes('${');
  if (literal(ref.groupId) && parent.groupId && parent.groupId !== ref.groupId) return false;
  if (literal(ref.version) && parent.version && parent.version !== ref.version) return false;
  return true;
}

/** Applies inheritance from `parent` (the effective parent, when found in the tree) to `raw`. */
function inherit(raw: RawPom, parent: EffectivePom | undefined): EffectivePom {
  const properties = new Map(parent?.properties ?? []);
  for (const [key, value] of raw.properties) properties.set(key, value);
  // Not declared: the parent's (its effective value when the parent POM is in the tree).
  const groupId = raw.groupId ?? (parent ? parent.groupId : raw.parent?.groupId) ?? '';
  const artifactId = raw.artifactId ?? '';
  const version = raw.version ?? (parent ? parent.version : raw.parent?.version) ?? '';
  const project: Array<[string, string]> = [['groupId', groupId], ['artifactId', artifactId], ['version', version]];
  if (raw.parent) {
    project.push(['parent.groupId', raw.parent.groupId], ['parent.artifactId', raw.parent.artifactId], ['parent.version', raw.parent.version]);
  }
  for (const [key, value] of project) {
    properties.set(`project.${key}`, value);
    properties.set(key, value);
  }
  return {
    raw,
    parent,
    groupId: evaluateOrEmpty(groupId, properties),
    artifactId: evaluateOrEmpty(artifactId, properties),
    version: evaluateOrEmpty(version, properties),
    properties,
    dependencies: mergeByName(raw.dependencies, parent?.dependencies ?? [], properties),
    managed: mergeByName(raw.managed, parent?.managed ?? [], properties),
    licenses: raw.licenses.length > 0 ? raw.licenses : (parent?.licenses ?? []),
  };
}

/** The child's entries, then the parent's entries whose groupId:artifactId the child does not declare. */
function mergeByName(own: DeclaredDependency[], inherited: DeclaredDependency[], properties: Map<string, string>): DeclaredDependency[] {
  if (inherited.length === 0) return own;
  const name = (d: DeclaredDependency) => `${evaluateOrEmpty(d.groupId, properties)}:${evaluateOrEmpty(d.artifactId, properties)}`;
  const names = new Set(own.map(name));
  return [...own, ...inherited.filter((d) => !names.has(name(d)))];
}

// ---------------------------------------------------------------------------------------------
// Dependency management and dependencies
// ---------------------------------------------------------------------------------------------

/** A managed dependency with its values evaluated. */
interface Managed {
  version: string;
  scope: string;
  optional: string;
}

/** Managed entries by `groupId:artifactId`, imports of tree BOMs included (after the POM's own entries). */
export function managedDependencies(pom: EffectivePom, tree: PomTree, importing: Set<string> = new Set()): Map<string, Managed> {
  return managedFrom(pom.managed, pom.properties, tree, importing);
}

function managedFrom(entries: DeclaredDependency[], properties: Map<string, string>, tree: PomTree, importing: Set<string>): Map<string, Managed> {
  const managed = new Map<string, Managed>();
  const imports: string[] = [];
  for (const entry of entries) {
    const name = `${evaluateOrEmpty(entry.groupId, properties)}:${evaluateOrEmpty(entry.artifactId, properties)}`;
    const scope = evaluateOrEmpty(entry.scope, properties);
    if (scope === 'import') {
      imports.push(`${name}:${evaluateOrEmpty(entry.version, properties)}`);
      continue;
    }
    if (managed.has(name)) continue;
    managed.set(name, {
      version: evaluateOrEmpty(entry.version, properties),
      scope,
      optional: evaluateOrEmpty(entry.optional, properties),
    });
  }
  for (const coordinates of imports) {
    const bom = tree.byCoordinates.get(coordinates);
    if (!bom || importing.has(coordinates)) continue; // a BOM from a remote repository: not known here
    const bomProperties = new Map([...properties, ...bom.properties]);
    const imported = managedFrom(bom.managed, bomProperties, tree, new Set([...importing, coordinates]));
    for (const [name, entry] of imported) if (!managed.has(name)) managed.set(name, entry);
  }
  return managed;
}

/** A dependency with its properties evaluated and its missing fields taken from dependency management. */
export function resolveDependency(declared: DeclaredDependency, properties: Map<string, string>, managed: Map<string, Managed>): ResolvedDependency {
  const groupId = evaluateOrEmpty(declared.groupId, properties);
  const artifactId = evaluateOrEmpty(declared.artifactId, properties);
  let version = evaluateOrEmpty(declared.version, properties);
  let scope = evaluateOrEmpty(declared.scope, properties);
  let optional = evaluateOrEmpty(declared.optional, properties) === 'true';
  const entry = managed.get(`${groupId}:${artifactId}`);
  if (entry) {
    if (!version) version = entry.version;
    if (!scope) scope = entry.scope;
    if (!optional) optional = entry.optional === 'true';
  }
  return { groupId, artifactId, version, scope, optional, declared };
}
