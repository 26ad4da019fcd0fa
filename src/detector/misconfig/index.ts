/**
 * The misconfiguration engine: finds config files (Dockerfile, Kubernetes manifests), parses them
 * with source lines, runs the built-in checks (trivy-checks ids and severities) and user checks,
 * and returns per-file results in trivy's `Misconfigurations` / `MisconfSummary` terms.
 *
 * Adding a format (Helm, Compose, Terraform, CloudFormation): a parser under `<format>/` that
 * returns a `ParsedConfig` (see run-checks.ts), check files under `checks/<format>/` with their
 * list, and one case in `scanConfigFile`.
 */
import { dockerfileChecks } from './checks/dockerfile/index.js';
import { kubernetesChecks } from './checks/kubernetes/index.js';
import { parseDockerfileConfig } from './dockerfile/scan.js';
import { configFileType } from './file-type.js';
import { parseKubernetesConfig } from './kubernetes/scan.js';
import { runChecks } from './run-checks.js';
import type { Dockerfile } from './dockerfile/types.js';
import type { K8sResource } from './kubernetes/resource.js';
import type { Check, ConfigType, FileMisconfigResult, MisconfigFinding, ScanOptions } from './types.js';

export { configFileType, isDockerfileName } from './file-type.js';
export type { FilePattern } from './file-type.js';
export { loadCustomChecks } from './custom-checks.js';
export { findingType } from './finding.js';
export { parseDockerfile } from './dockerfile/parse.js';
export type { Dockerfile, Instruction, Stage } from './dockerfile/types.js';
export type { K8sResource } from './kubernetes/resource.js';
export type * from './types.js';

/** Options of `scanConfigFile`: the scan options plus, optionally, the type (else detected). */
export interface ScanConfigOptions extends ScanOptions {
  type?: ConfigType;
}

/** Every built-in check, by type (deprecated ones included; they are not run). */
export function builtinChecks(): { dockerfile: readonly Check[]; kubernetes: readonly Check[] } {
  return { dockerfile: dockerfileChecks as readonly Check[], kubernetes: kubernetesChecks as readonly Check[] };
}

let builtinById: Map<string, Check> | undefined;

/**
 * Every id a finding answers to: its ID and AVDID and the aliases of its check (`DS-0002`,
 * `AVD-DS-0002`, `DS002`, `least-privilege-user`, ...), so that `.trivyignore` entries written with
 * any of them match.
 */
export function findingIds(finding: MisconfigFinding, customChecks: readonly Check[] = []): string[] {
  builtinById ??= new Map([...dockerfileChecks, ...kubernetesChecks].map((check): [string, Check] => [check.id, check as Check]));
  const check = builtinById.get(finding.ID) ?? customChecks.find((c) => c.id === finding.ID);
  const ids = [finding.ID, ...(finding.AVDID ? [finding.AVDID] : []), ...(check?.aliases ?? [])];
  return [...new Set(ids)];
}

/**
 * Scans one config file. Returns undefined when the file is not a config file the engine knows
 * (or a YAML file without Kubernetes objects). Throws `ParseError` for invalid YAML, and
 * `UserError` when a user check fails or returns something malformed.
 */
export function scanConfigFile(path: string, content: Buffer | string, options: ScanConfigOptions = {}): FileMisconfigResult | undefined {
  const type = options.type ?? configFileType(path, content);
  if (!type) return undefined;
  const text = typeof content === 'string' ? content : content.toString('utf8');
  const custom: readonly Check[] = (options.customChecks ?? []).filter((check) => check.type === type);
  switch (type) {
    case 'dockerfile': {
      const checks = withCustom<Dockerfile>(options.disableBuiltinChecks ? [] : dockerfileChecks, custom);
      return runChecks(parseDockerfileConfig(path, text), checks, options);
    }
    case 'kubernetes': {
      const parsed = parseKubernetesConfig(path, text);
      if (!parsed) return undefined;
      const checks = withCustom<K8sResource>(options.disableBuiltinChecks ? [] : kubernetesChecks, custom);
      return runChecks(parsed, checks, options);
    }
  }
}

/** The built-in list itself when there are no user checks (so per-list caches hit), else both. */
function withCustom<I>(builtin: readonly Check<I>[], custom: readonly Check[]): readonly Check<I>[] {
  return custom.length === 0 ? builtin : [...builtin, ...custom];
}
