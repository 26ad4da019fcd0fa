/**
 * Go executables (ELF, PE, Mach-O): the modules compiled in, from the build information the Go
 * linker embeds (see buildinfo.ts), as trivy's `gobinary` analyzer reports them:
 *
 * - `stdlib` at the Go version that built the binary (`go1.22.3 X:boringcrypto` -> `v1.22.3`),
 *   a direct dependency of the main module;
 * - every `dep` line, or its `=>` replacement when there is one, relationship unknown; a `(devel)`
 *   version is no version;
 * - the main module (`mod` line) as the root, depending on all of the above. Its version is the
 *   module version (only `go install mod@version` stamps one; `(devel)` otherwise), else a semver
 *   set with `-ldflags -X <pkg>.version=...` (see ldflags.ts). GOPATH-mode builds and the Go
 *   toolchain's own commands have no `mod` line, hence no root.
 *
 * Files that are not executables, and executables without Go build info, give no application.
 */
import type { Analyzer, AnalyzerInput, AnalysisResult, Package } from '../../types.js';
import { mayBeExecutable, parseExecutable } from '../../executable.js';
import { ParseError } from '../../parse-error.js';
import { BuildInfoError, readBuildInfo, type GoBuildInfo } from './buildinfo.js';
import { versionFromLdflags } from './ldflags.js';

export const goBinaryAnalyzer: Analyzer = {
  name: 'gobinary',
  version: 1,
  scope: 'installed',
  wants: mayBeExecutable,
  analyze,
};

async function analyze(input: AnalyzerInput): Promise<AnalysisResult> {
  const exe = parseExecutable(input.content);
  if (!exe) return {};
  let info: GoBuildInfo | undefined;
  try {
    info = readBuildInfo(exe);
  } catch (err) {
    if (err instanceof BuildInfoError) throw new ParseError(input.path, `invalid Go build info: ${err.message}`);
    throw err;
  }
  if (!info) return {};
  return { applications: [{ type: 'gobinary', ecosystem: 'Go', purlType: 'golang', filePath: input.path, packages: packagesOf(info) }] };
}

/** The packages trivy reports for a Go binary, root last. */
export function packagesOf(info: GoBuildInfo): Package[] {
  const packages: Package[] = [];
  const seen = new Set<string>();
  const add = (p: Package) => {
    if (seen.has(p.id)) return;
    seen.add(p.id);
    packages.push(p);
  };
  const stdlib = `v${info.goVersion.replace(/^go/, '').split(' ')[0]}`;
  add({ id: goPackageId('stdlib', stdlib), name: 'stdlib', version: stdlib, relationship: 'direct' });
  for (const dep of info.deps) {
    if (dep.path === '') continue; // old toolchains could list the main module with an empty path
    const mod = dep.replace ?? dep;
    const version = knownVersion(mod.version);
    add({ id: goPackageId(mod.path, version), name: mod.path, version });
  }
  if (info.main && info.main.path !== '') {
    const ldflags = info.settings.find((s) => s.key === '-ldflags')?.value;
    const version = knownVersion(info.main.version) || (ldflags ? versionFromLdflags(info.main.path, ldflags) : '');
    packages.push({
      id: goPackageId(info.main.path, version),
      name: info.main.path,
      version,
      relationship: 'root',
      dependsOn: packages.map((p) => p.id).sort(),
    });
  }
  return packages;
}

/** `(devel)` is what the toolchain writes when it knows no version. */
function knownVersion(version: string): string {
  return version === '(devel)' ? '' : version;
}

/** `path@version`, or the path alone when the version is unknown (as trivy writes Go ids). */
export function goPackageId(path: string, version: string): string {
  return version === '' ? path : `${path}@${version}`;
}
