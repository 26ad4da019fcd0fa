/**
 * Rust executables built with cargo-auditable (trivy type `rustbinary`): the crates compiled in,
 * from the dependency list cargo-auditable embeds.
 *
 * The list is zlib-compressed JSON in a section named `.dep-v0` (ELF, PE, Mach-O; the prototype
 * rust-audit 0.1 used `.rust-deps-v0`, `rdep-v0` or `rust-deps-v0`):
 * `{"packages": [{"name", "version", "source", "kind", "dependencies": [indices], "root"}]}`.
 * `kind` is `runtime` (the default when absent) or `build`; only runtime crates end up in the
 * binary, so build-time crates (build scripts, proc macros) are left out, as trivy does.
 *
 * The `root` crate is the root; trivy leaves the others' relationship unknown. The graph is all
 * there, so picket marks the root's runtime dependencies direct and the rest indirect (data
 * without a root, from old cargo-auditable versions, gives no relationships).
 */
import { inflateSync } from 'node:zlib';
import type { Analyzer, AnalyzerInput, AnalysisResult, Package } from '../../types.js';
import { findSection, mayBeExecutable, parseExecutable, sectionData, type Executable } from '../../executable.js';
import { ParseError } from '../../parse-error.js';

export const rustBinaryAnalyzer: Analyzer = {
  name: 'rustbinary',
  version: 1,
  scope: 'installed',
  wants: mayBeExecutable,
  analyze,
};

/** Section names per container format, current name first. */
const SECTION_NAMES: Record<Executable['format'], string[]> = {
  elf: ['.dep-v0', '.rust-deps-v0'],
  pe: ['.dep-v0', 'rdep-v0'],
  macho: ['.dep-v0', 'rust-deps-v0'],
};

/** cargo-auditable's own limit on the decompressed JSON. */
const MAX_JSON_BYTES = 8 * 1024 * 1024;

interface AuditPackage {
  name: string;
  version: string;
  kind: string;
  dependencies: number[];
  root: boolean;
}

async function analyze(input: AnalyzerInput): Promise<AnalysisResult> {
  const exe = parseExecutable(input.content);
  if (!exe) return {};
  const compressed = auditSection(exe);
  if (!compressed) return {};
  let json: unknown;
  try {
    json = JSON.parse(inflateSync(compressed, { maxOutputLength: MAX_JSON_BYTES }).toString('utf8'));
  } catch (err) {
    throw new ParseError(input.path, `invalid cargo-auditable data: ${(err as Error).message}`);
  }
  const packages = auditPackages(json, input.path);
  return { applications: [{ type: 'rustbinary', ecosystem: 'crates.io', purlType: 'cargo', filePath: input.path, packages: toPackages(packages) }] };
}

function auditSection(exe: Executable): Buffer | undefined {
  for (const name of SECTION_NAMES[exe.format]) {
    const section = findSection(exe, name);
    if (section) return sectionData(exe, section);
  }
  return undefined;
}

function auditPackages(json: unknown, file: string): AuditPackage[] {
  const list = typeof json === 'object' && json !== null ? (json as { packages?: unknown }).packages : undefined;
  if (!Array.isArray(list)) throw new ParseError(file, 'invalid cargo-auditable data: no packages list');
  return list.map((raw: unknown, i) => {
    const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    if (typeof p.name !== 'string' || typeof p.version !== 'string') throw new ParseError(file, `invalid cargo-auditable data: package ${i} has no name or version`);
    const deps = Array.isArray(p.dependencies) ? p.dependencies.filter((d): d is number => Number.isInteger(d) && d >= 0 && d < list.length) : [];
    return { name: p.name, version: p.version, kind: typeof p.kind === 'string' ? p.kind : 'runtime', dependencies: deps, root: p.root === true };
  });
}

function toPackages(list: AuditPackage[]): Package[] {
  const id = (p: AuditPackage) => `${p.name}@${p.version}`;
  const runtime = (p: AuditPackage) => p.kind === 'runtime';
  const hasRoot = list.some((p) => p.root);
  const direct = new Set(list.filter((p) => p.root && runtime(p)).flatMap((p) => p.dependencies.map((d) => list[d]).filter(runtime).map(id)));
  const packages = new Map<string, Package>();
  for (const p of list) {
    if (!runtime(p) || packages.has(id(p))) continue;
    const dependsOn = [...new Set(p.dependencies.map((d) => list[d]).filter(runtime).map(id))].sort();
    packages.set(id(p), {
      id: id(p),
      name: p.name,
      version: p.version,
      ...(hasRoot ? { relationship: p.root ? 'root' : direct.has(id(p)) ? 'direct' : 'indirect' } : {}),
      ...(dependsOn.length > 0 ? { dependsOn } : {}),
    });
  }
  return [...packages.values()];
}
