import { isLockfileNamed } from '../../lockfile-path.js';
import { LineIndex } from '../../lines.js';
import { ParseError } from '../../parse-error.js';
import type { Analyzer, AnalyzerInput, AnalysisResult, Location, Package, Relationship } from '../../types.js';
import {
  PomSyntaxError,
  PomTree,
  decodePom,
  managedDependencies,
  readPom,
  resolveDependency,
  resolvePomPath,
  type EffectivePom,
  type RawPom,
  type ResolvedDependency,
} from './pom-model.js';

/**
 * Maven `pom.xml` analyzer, offline: what the POM files of the scanned tree declare, as trivy
 * reports a POM (Type `pom`) when no repository can be reached.
 *
 * - The project itself is a package (relationship `root`, with its licenses) when its
 *   groupId:artifactId:version is known; each `<dependency>` is a `direct` package, located on
 *   the lines of its `<dependency>` element (dependencies inherited from a parent POM have no
 *   location in this file).
 * - Inheritance, properties and `<dependencyManagement>` follow `pom-model.ts`: parents and BOMs
 *   are used when they are POMs of the tree; those in remote repositories are not fetched.
 * - Modules (`<modules>`, recursively, each once) are `workspace` packages the root depends on,
 *   with their own dependencies as `direct` packages; every module's pom.xml is also analyzed as a
 *   file of its own, as trivy does.
 * - Scopes: compile, runtime and no scope are what trivy reports. `test`, `provided` and `system`
 *   dependencies and `<optional>` ones are kept as `dev` packages (trivy leaves them out; picket
 *   shows them with --include-dev-deps). POMs of maven-invoker-plugin integration tests
 *   (`src/it/<name>/pom.xml`) are all dev, as in trivy.
 * - Versions: what is written after evaluation; a version range (`[1.0,2.0)`) is kept as written
 *   and matches no advisory; a version that cannot be resolved (unknown property, managed only
 *   in a remote BOM) is empty.
 * - Transitive dependencies are not listed: they are declared in the POMs of the dependencies,
 *   which live in remote repositories.
 */
export const pomAnalyzer: Analyzer = {
  name: 'pom',
  version: 1,
  wants: (info) => isLockfileNamed(info.path, 'pom.xml'),
  analyze,
};

async function analyze(input: AnalyzerInput): Promise<AnalysisResult> {
  const text = decodePom(input.content);
  const lines = new LineIndex(text);
  let raw: RawPom;
  try {
    raw = readPom(input.path, text);
  } catch (error) {
    if (error instanceof PomSyntaxError) {
      throw new ParseError(input.path, error.message, error.offset === undefined ? undefined : lines.lineAt(error.offset));
    }
    throw error;
  }
  const tree = new PomTree(input.readFile);
  tree.addRoot(raw);
  const root = (await tree.effective(input.path))!;
  const modules = await collectModules(root, tree);

  const packages = new PackageSet(input.path, lines);
  const rootId = root.groupId && root.artifactId && root.version ? packages.addProject(root, 'root') : undefined;
  const directIds = addDependencies(packages, root, tree);
  const moduleIds = modules.map((module) => {
    const id = packages.addProject(module, 'workspace');
    packages.dependsOn(id, addDependencies(packages, module, tree));
    return id;
  });
  if (rootId) packages.dependsOn(rootId, [...directIds, ...moduleIds]);

  const list = packages.list();
  if (isIntegrationTestPom(input.path)) for (const pkg of list) pkg.dev = true;
  return { applications: [{ type: 'pom', ecosystem: 'Maven', purlType: 'maven', filePath: input.path, packages: list }] };
}

/** Every module below the root (depth first, each POM once), with known coordinates. */
async function collectModules(root: EffectivePom, tree: PomTree): Promise<EffectivePom[]> {
  const seen = new Set([root.raw.path]);
  const modules: EffectivePom[] = [];
  const visit = async (pom: EffectivePom): Promise<void> => {
    for (const module of pom.raw.modules) {
      const path = resolvePomPath(pom.raw.path, module);
      if (!path || seen.has(path)) continue;
      seen.add(path);
      const effective = await tree.effective(path);
      if (!effective || !effective.groupId || !effective.artifactId || !effective.version) continue;
      modules.push(effective);
      await visit(effective);
    }
  };
  await visit(root);
  return modules;
}

/** Adds the dependencies of a POM (its own and inherited ones) as direct packages; returns their ids. */
function addDependencies(packages: PackageSet, pom: EffectivePom, tree: PomTree): string[] {
  const managed = managedDependencies(pom, tree);
  const ids: string[] = [];
  for (const declared of pom.dependencies) {
    const dependency = resolveDependency(declared, pom.properties, managed);
    if (!dependency.groupId || !dependency.artifactId) continue;
    ids.push(packages.addDependency(dependency));
  }
  return ids;
}

/** maven-invoker-plugin integration test projects: `[src|target]/it/<name>/pom.xml`. */
function isIntegrationTestPom(path: string): boolean {
  const dirs = path.split('/');
  return dirs.length >= 4 && ['src', 'target'].includes(dirs[dirs.length - 4]) && dirs[dirs.length - 3] === 'it';
}

/** Scopes trivy reports; the others are only needed to build or test the project. */
const RUNTIME_SCOPES = new Set(['', 'compile', 'runtime']);

const RANK: Record<Relationship, number> = { root: 4, workspace: 3, direct: 2, indirect: 1, unknown: 0 };

/** Packages by `groupId:artifactId@version`; a package declared several times keeps the strongest relationship. */
class PackageSet {
  private readonly byId = new Map<string, Package>();
  /** Ids declared at least once in a runtime scope. */
  private readonly runtime = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly lines: LineIndex,
  ) {}

  addProject(pom: EffectivePom, relationship: Relationship): string {
    const pkg = this.add(`${pom.groupId}:${pom.artifactId}`, pom.version, relationship);
    this.runtime.add(pkg.id);
    if (pom.licenses.length > 0 && !pkg.licenses) pkg.licenses = pom.licenses;
    return pkg.id;
  }

  addDependency(dependency: ResolvedDependency): string {
    const pkg = this.add(`${dependency.groupId}:${dependency.artifactId}`, dependency.version, 'direct');
    if (RUNTIME_SCOPES.has(dependency.scope) && !dependency.optional) this.runtime.add(pkg.id);
    const { declared } = dependency;
    if (declared.declaredIn === this.file) {
      const location: Location = { startLine: this.lines.lineAt(declared.start), endLine: this.lines.lineAt(declared.end) };
      const locations = (pkg.locations ??= []);
      if (!locations.some((l) => l.startLine === location.startLine)) locations.push(location);
    }
    return pkg.id;
  }

  dependsOn(id: string, ids: string[]): void {
    const pkg = this.byId.get(id)!;
    const all = new Set([...(pkg.dependsOn ?? []), ...ids]);
    all.delete(id);
    if (all.size > 0) pkg.dependsOn = [...all].sort();
  }

  list(): Package[] {
    for (const pkg of this.byId.values()) pkg.dev = !this.runtime.has(pkg.id);
    return [...this.byId.values()];
  }

  private add(name: string, version: string, relationship: Relationship): Package {
    const id = `${name}@${version}`;
    let pkg = this.byId.get(id);
    if (!pkg) {
      pkg = { id, name, version, relationship };
      this.byId.set(id, pkg);
    } else if (RANK[relationship] > RANK[pkg.relationship ?? 'unknown']) {
      pkg.relationship = relationship;
    }
    return pkg;
  }
}
