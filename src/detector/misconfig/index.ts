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
 * Importing this module loads no check: each format's scanner (parser, adapter, built-in checks)
 * is loaded on first use (format-loaders.ts), so a scan pays only for the formats of the files it
 * met. Hence `scanConfigFile`, `scanConfigTree`, `builtinChecks` and `findingIds` are async.
 *
 * Adding a format: a parser under `<format>/` that returns a `ParsedConfig` (see run-checks.ts),
 * check files under `checks/<format>/` with their list, a `<format>/check-file.ts` that runs them,
 * and its loader in format-loaders.ts. Cloud formats instead adapt into the shared state
 * (cloud/state.ts) that the AWS/Google/Azure checks read.
 */
import { ParseError } from '../../analyzer/parse-error.js';
import { isChartArchive, isChartYaml, isTerraformFile } from './config-file-names.js';
import { configFileType } from './file-type.js';
import type { FilePattern } from './file-type.js';
import { loadBuiltinChecks, loadFileChecker } from './format-loaders.js';
import type { FileChecker, FileFormat } from './format-loaders.js';
import type { HelmOptions } from './helm/scan.js';
import type { TfVarsFile } from './terraform/project.js';
import type { Check, ConfigType, FileMisconfigResult, MisconfigFinding, ScanOptions } from './types.js';

export { configFileType } from './file-type.js';
export type { FilePattern } from './file-type.js';
export { isDockerfileName, wantsConfigFile } from './config-file-names.js';
export { loadBuiltinChecks } from './format-loaders.js';
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

/** Loads the user checks under `dir` (`--config-check`; see custom-checks.ts). Throws `UserError` on a bad module. */
export async function loadCustomChecks(dir: string): Promise<Check[]> {
  return (await import('./custom-checks.js')).loadCustomChecks(dir);
}

/** Every built-in check, by what it reads (deprecated ones included; they are not run). Loads them all. */
export async function builtinChecks(): Promise<{ dockerfile: readonly Check[]; kubernetes: readonly Check[]; cloud: readonly Check[]; compose: readonly Check[] }> {
  const [dockerfile, kubernetes, cloud, compose] = await Promise.all([
    loadBuiltinChecks('dockerfile'),
    loadBuiltinChecks('kubernetes'),
    loadBuiltinChecks('cloud'),
    loadBuiltinChecks('compose'),
  ]);
  return { dockerfile, kubernetes, cloud, compose };
}

let builtinById: Promise<Map<string, Check>> | undefined;

/**
 * Every id a finding answers to: its ID and AVDID and the aliases of its check (`DS-0002`,
 * `AVD-DS-0002`, `DS002`, `least-privilege-user`, ...), so that `.trivyignore` entries written with
 * any of them match. Loads every built-in check the first time.
 */
export async function findingIds(finding: MisconfigFinding, customChecks: readonly Check[] = []): Promise<string[]> {
  builtinById ??= builtinChecks().then(
    (all) => new Map([...all.dockerfile, ...all.kubernetes, ...all.cloud, ...all.compose].map((check): [string, Check] => [check.id, check])),
  );
  const check = (await builtinById).get(finding.ID) ?? customChecks.find((c) => c.id === finding.ID);
  const ids = [finding.ID, ...(finding.AVDID ? [finding.AVDID] : []), ...(check?.aliases ?? [])];
  return [...new Set(ids)];
}

/**
 * Scans one config file. Resolves to undefined when the file is not a config file the engine knows
 * (or a YAML file without Kubernetes objects, a Compose file without services). A Terraform file
 * is scanned alone (no variables files, no modules: use `scanConfigTree` for those); Helm charts
 * need `scanConfigTree`. Rejects with `ParseError` for invalid files, and `UserError` when a user
 * check fails or returns something malformed. The format's parser and checks load on first use.
 */
export async function scanConfigFile(path: string, content: Buffer | string, options: ScanConfigOptions = {}): Promise<FileMisconfigResult | undefined> {
  const type = options.type ?? configFileType(path, content);
  if (!type || type === 'helm') return undefined;
  const check = await loadFileChecker(type);
  return check(path, typeof content === 'string' ? content : content.toString('utf8'), options);
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
 * Scans a tree's config files (path relative to the root → content): Terraform as projects
 * (modules, variables), Helm charts rendered (their raw templates are not scanned as manifests),
 * every other file alone. Only the formats present are loaded. Rejects with `UserError` when a
 * user check fails.
 */
export async function scanConfigTree(files: ReadonlyMap<string, Buffer | string>, options: ConfigTreeOptions = {}): Promise<ConfigTreeScan> {
  const buffers = new Map<string, Buffer>();
  for (const [path, content] of files) buffers.set(path, typeof content === 'string' ? Buffer.from(content) : content);
  const results: FileMisconfigResult[] = [];
  const errors: ParseError[] = [];
  const helm = [...buffers.keys()].some((path) => isChartYaml(path) || isChartArchive(path)) ? await import('./helm/chart.js') : undefined;
  const { charts, errors: chartErrors } = helm?.findCharts(buffers) ?? { charts: [], errors: [] };
  for (const error of chartErrors) errors.push(new ParseError(error.file, error.reason));

  const terraform = new Map<string, string>();
  for (const [path, data] of buffers) {
    const pattern = options.filePatterns?.find((p) => p.pattern.test(path));
    if (pattern ? pattern.type === 'terraform' : isTerraformFile(path)) terraform.set(path, data.toString('utf8'));
  }
  let unresolvedModules: ConfigTreeScan['unresolvedModules'] = [];
  if (terraform.size > 0) {
    const { checkTerraformTree } = await import('./terraform/check-file.js');
    const readFile = (path: string) => buffers.get(path)?.toString('utf8');
    const scan = checkTerraformTree(terraform, { ...options, readFile });
    results.push(...scan.results);
    errors.push(...scan.errors);
    unresolvedModules = scan.unresolvedModules;
  }

  const typed: { path: string; data: Buffer; type: FileFormat }[] = [];
  for (const [path, data] of buffers) {
    if (terraform.has(path) || (helm?.inChart(path, charts) ?? false) || isChartArchive(path)) continue;
    const type = configFileType(path, data, { filePatterns: options.filePatterns });
    if (!type || type === 'terraform' || type === 'helm') continue;
    typed.push({ path, data, type });
  }
  const formats = [...new Set(typed.map((file) => file.type))];
  const checkers = new Map<FileFormat, FileChecker>(await Promise.all(formats.map(async (format): Promise<[FileFormat, FileChecker]> => [format, await loadFileChecker(format)])));
  for (const { path, data, type } of typed) {
    try {
      const result = checkers.get(type)!(path, data.toString('utf8'), options);
      if (result) results.push(result);
    } catch (error) {
      if (error instanceof ParseError) errors.push(error);
      else throw error;
    }
  }

  if (charts.length > 0) {
    const { checkCharts } = await import('./helm/check-charts.js');
    const scan = checkCharts(charts, options);
    results.push(...scan.results);
    errors.push(...scan.errors);
  }
  results.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
  return { results, errors, unresolvedModules };
}
