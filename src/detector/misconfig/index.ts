/**
 * The misconfiguration engine: finds config files (Dockerfile, Kubernetes manifests, Helm charts,
 * Docker Compose, Terraform, CloudFormation), parses them with source lines, runs the built-in
 * checks (trivy-checks ids and severities; picket's own for Compose) and user checks, and returns
 * per-file results in trivy's `Misconfigurations` / `MisconfSummary` terms.
 *
 * Two entry points: `scanConfigFile` for one file (formats that live in one file), and
 * `scanConfigTree` for a whole tree — Terraform modules span files and directories, Helm charts are
 * directories or packages, and both need options (`--tf-vars`, `--helm-*`).
 *
 * Adding a format: a parser under `<format>/` that returns a `ParsedConfig` (see run-checks.ts),
 * check files under `checks/<format>/` with their list, and one case in `scanConfigFile`. Cloud
 * formats instead adapt into the shared state (cloud/state.ts) that the AWS/Google/Azure checks read.
 */
import { ParseError } from '../../analyzer/parse-error.js';
import { awsChecks } from './checks/aws/index.js';
import { azureChecks } from './checks/azure/index.js';
import { composeChecks } from './checks/compose/index.js';
import { dockerfileChecks } from './checks/dockerfile/index.js';
import { googleChecks } from './checks/google/index.js';
import { kubernetesChecks } from './checks/kubernetes/index.js';
import type { CloudState } from './cloud/state.js';
import { scanCloudFormation } from './cloudformation/scan.js';
import { isComposeFileName, parseComposeConfig } from './compose/scan.js';
import type { ComposeService } from './compose/scan.js';
import { parseDockerfileConfig } from './dockerfile/scan.js';
import { configFileType, isDockerfileName } from './file-type.js';
import type { FilePattern } from './file-type.js';
import { findCharts, inChart, isChartArchive } from './helm/chart.js';
import { scanChart } from './helm/scan.js';
import type { HelmOptions } from './helm/scan.js';
import { parseKubernetesConfig } from './kubernetes/scan.js';
import { runChecks } from './run-checks.js';
import { isTerraformFile } from './terraform/project.js';
import type { TfVarsFile } from './terraform/project.js';
import { scanTerraform } from './terraform/scan.js';
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
export type { ComposeService } from './compose/scan.js';
export type { CloudState } from './cloud/state.js';
export type { HelmOptions } from './helm/scan.js';
export type { TfVarsFile } from './terraform/project.js';
export type { UnresolvedModule } from './terraform/module.js';
export type * from './types.js';

/** Options of `scanConfigFile`: the scan options plus, optionally, the type (else detected). */
export interface ScanConfigOptions extends ScanOptions {
  type?: ConfigType;
}

/** Every built-in check, by what it reads (deprecated ones included; they are not run). */
export function builtinChecks(): { dockerfile: readonly Check[]; kubernetes: readonly Check[]; cloud: readonly Check[]; compose: readonly Check[] } {
  return {
    dockerfile: dockerfileChecks as readonly Check[],
    kubernetes: kubernetesChecks as readonly Check[],
    cloud: cloudChecks as readonly Check[],
    compose: composeChecks as readonly Check[],
  };
}

/** The AWS, Google and Azure checks, run on Terraform and CloudFormation. */
const cloudChecks: readonly Check<CloudState>[] = [...awsChecks, ...googleChecks, ...azureChecks];

let builtinById: Map<string, Check> | undefined;

/**
 * Every id a finding answers to: its ID and AVDID and the aliases of its check (`DS-0002`,
 * `AVD-DS-0002`, `DS002`, `least-privilege-user`, ...), so that `.trivyignore` entries written with
 * any of them match.
 */
export function findingIds(finding: MisconfigFinding, customChecks: readonly Check[] = []): string[] {
  builtinById ??= new Map(
    [...dockerfileChecks, ...kubernetesChecks, ...cloudChecks, ...composeChecks].map((check): [string, Check] => [check.id, check as Check]),
  );
  const check = builtinById.get(finding.ID) ?? customChecks.find((c) => c.id === finding.ID);
  const ids = [finding.ID, ...(finding.AVDID ? [finding.AVDID] : []), ...(check?.aliases ?? [])];
  return [...new Set(ids)];
}

/**
 * Scans one config file. Returns undefined when the file is not a config file the engine knows
 * (or a YAML file without Kubernetes objects, a Compose file without services). A Terraform file
 * is scanned alone (no variables files, no modules: use `scanConfigTree` for those); Helm charts
 * need `scanConfigTree`. Throws `ParseError` for invalid files, and `UserError` when a user check
 * fails or returns something malformed.
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
    case 'docker-compose': {
      const parsed = parseComposeConfig(path, text);
      if (!parsed) return undefined;
      return runChecks(parsed, withCustom<ComposeService>(options.disableBuiltinChecks ? [] : composeChecks, custom), options);
    }
    case 'cloudformation':
      return scanCloudFormation(path, text, cloudChecksWith(options), options);
    case 'terraform': {
      const scan = scanTerraform(new Map([[path, text]]), cloudChecksWith(options), options);
      if (scan.errors[0]) throw scan.errors[0];
      const own = scan.results.find((r) => r.filePath === path);
      const passes = scan.results.find((r) => r.filePath === '.');
      return {
        filePath: path,
        type: 'terraform',
        failures: own?.failures ?? [],
        successes: passes?.successes ?? 0,
        exceptions: own?.exceptions ?? 0,
        ...(options.includeNonFailures ? { nonFailures: [...(passes?.nonFailures ?? []), ...(own?.nonFailures ?? [])] } : {}),
      };
    }
    case 'helm':
      return undefined;
  }
}

function cloudChecksWith(options: ScanOptions): readonly Check<CloudState>[] {
  const custom = (options.customChecks ?? []).filter((check) => check.type === 'cloud') as readonly Check<CloudState>[];
  return withCustom<CloudState>(options.disableBuiltinChecks ? [] : cloudChecks, custom);
}

/** Options of a tree scan: the file scan options plus the Terraform and Helm inputs. */
export interface ConfigTreeOptions extends ScanOptions {
  /** `--file-patterns`: files whose path matches get that type. */
  filePatterns?: readonly FilePattern[];
  /** `--tf-vars` files (name and text), applied to every root module after its own `*.tfvars`. */
  tfVars?: readonly TfVarsFile[];
  /** `--helm-values`, `--helm-set`, `--helm-set-string`, `--helm-kube-version`, `--helm-api-versions`. */
  helm?: HelmOptions;
}

/** What a tree scan found. */
export interface ConfigTreeScan {
  /** One result per file (Terraform passes on `.`; Helm manifests under their template's path), sorted by path. */
  results: FileMisconfigResult[];
  /** Files that could not be parsed or charts that could not be rendered (the rest was scanned). */
  errors: ParseError[];
  /** Terraform module calls that were not followed (remote sources not in `.terraform/modules`). */
  unresolvedModules: { name: string; source: string; file: string; line: number }[];
}

/**
 * True for the files `scanConfigTree` wants: Dockerfiles, YAML/JSON (Kubernetes, CloudFormation,
 * Compose, Helm values), Terraform (`.tf`, `.tf.json`, `.tfvars`, the module cache index), Helm
 * chart files (`Chart.yaml`, `templates/**`, `.tpl`, `.helmignore`) and chart packages.
 */
export function wantsConfigFile(path: string): boolean {
  if (isDockerfileName(path) || isTerraformFile(path) || isComposeFileName(path) || isChartArchive(path)) return true;
  if (/\.(ya?ml|json|tpl|template)$/i.test(path)) return true;
  return /(^|\/)(templates\/|\.helmignore$)/.test(path);
}

/**
 * Scans a tree's config files (path relative to the root → content): Terraform as projects
 * (modules, variables), Helm charts rendered (their raw templates are not scanned as manifests),
 * every other file alone. Throws `UserError` when a user check fails.
 */
export function scanConfigTree(files: ReadonlyMap<string, Buffer | string>, options: ConfigTreeOptions = {}): ConfigTreeScan {
  const buffers = new Map<string, Buffer>();
  for (const [path, content] of files) buffers.set(path, typeof content === 'string' ? Buffer.from(content) : content);
  const results: FileMisconfigResult[] = [];
  const errors: ParseError[] = [];
  const { charts, errors: chartErrors } = findCharts(buffers);
  for (const error of chartErrors) errors.push(new ParseError(error.file, error.reason));

  const terraform = new Map<string, string>();
  for (const [path, data] of buffers) {
    const pattern = options.filePatterns?.find((p) => p.pattern.test(path));
    if (pattern ? pattern.type === 'terraform' : isTerraformFile(path)) terraform.set(path, data.toString('utf8'));
  }
  let unresolvedModules: ConfigTreeScan['unresolvedModules'] = [];
  if (terraform.size > 0) {
    const readFile = (path: string) => buffers.get(path)?.toString('utf8');
    const scan = scanTerraform(terraform, cloudChecksWith(options), { ...options, readFile });
    results.push(...scan.results);
    errors.push(...scan.errors);
    unresolvedModules = scan.unresolvedModules;
  }

  for (const [path, data] of buffers) {
    if (terraform.has(path) || inChart(path, charts) || isChartArchive(path)) continue;
    const type = configFileType(path, data, { filePatterns: options.filePatterns });
    if (!type || type === 'terraform' || type === 'helm') continue;
    try {
      const result = scanConfigFile(path, data, { ...options, type });
      if (result) results.push(result);
    } catch (error) {
      if (error instanceof ParseError) errors.push(error);
      else throw error;
    }
  }

  const k8sCustom = (options.customChecks ?? []).filter((check) => check.type === 'kubernetes');
  const k8sChecks = withCustom<K8sResource>(options.disableBuiltinChecks ? [] : kubernetesChecks, k8sCustom);
  for (const chart of charts) {
    const scan = scanChart(chart, k8sChecks, options);
    results.push(...scan.results);
    errors.push(...scan.errors);
  }
  results.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
  return { results, errors, unresolvedModules };
}

/** The built-in list itself when there are no user checks (so per-list caches hit), else both. */
function withCustom<I>(builtin: readonly Check<I>[], custom: readonly Check[]): readonly Check<I>[] {
  return custom.length === 0 ? builtin : [...builtin, ...custom];
}
