/**
 * The parts of the engine each format needs (parser, adapter, built-in checks), loaded on first use
 * with a dynamic `import()`: a scan loads the formats of the files it met and nothing else, so a
 * tree of Dockerfiles and manifests never loads the Terraform evaluator, the Helm renderer or the
 * cloud checks. Each part is loaded once per process.
 */
import type { CloudState } from './cloud/state.js';
import type { ComposeService } from './compose/scan.js';
import type { Dockerfile } from './dockerfile/types.js';
import type { K8sResource } from './kubernetes/resource.js';
import type { Check, ConfigType, FileMisconfigResult, ScanOptions } from './types.js';

/** Checks one file of a format (sync once loaded). Throws `ParseError` for an invalid file. */
export type FileChecker = (path: string, text: string, options: ScanOptions) => FileMisconfigResult | undefined;

/** The formats checked file by file (Helm charts are directories: see helm/check-charts.ts). */
export type FileFormat = Exclude<ConfigType, 'helm'>;

/** Every built-in check, by what it reads (deprecated ones included; they are not run). */
export interface BuiltinChecks {
  dockerfile: readonly Check<Dockerfile>[];
  kubernetes: readonly Check<K8sResource>[];
  cloud: readonly Check<CloudState>[];
  compose: readonly Check<ComposeService>[];
}

const CHECKERS: Record<FileFormat, () => Promise<FileChecker>> = {
  dockerfile: async () => (await import('./dockerfile/check-file.js')).checkDockerfile,
  kubernetes: async () => (await import('./kubernetes/check-file.js')).checkKubernetesFile,
  'docker-compose': async () => (await import('./compose/check-file.js')).checkComposeFile,
  cloudformation: async () => (await import('./cloudformation/check-file.js')).checkCloudFormationFile,
  terraform: async () => (await import('./terraform/check-file.js')).checkTerraformFile,
};

const LISTS: { [K in keyof BuiltinChecks]: () => Promise<BuiltinChecks[K]> } = {
  dockerfile: async () => (await import('./dockerfile/check-file.js')).dockerfileChecks,
  kubernetes: async () => (await import('./kubernetes/check-file.js')).kubernetesChecks,
  cloud: async () => (await import('./checks/cloud-checks.js')).cloudChecks,
  compose: async () => (await import('./compose/check-file.js')).composeChecks,
};

const checkers = new Map<FileFormat, Promise<FileChecker>>();

/** The checker of a format, loading its parser and checks the first time. */
export function loadFileChecker(format: FileFormat): Promise<FileChecker> {
  let checker = checkers.get(format);
  if (!checker) {
    checker = CHECKERS[format]();
    checkers.set(format, checker);
  }
  return checker;
}

/**
 * The built-in checks of one kind (`dockerfile`, `kubernetes`, `cloud`, `compose`), loaded with
 * what runs them. The same list object every time.
 */
export function loadBuiltinChecks<K extends keyof BuiltinChecks>(kind: K): Promise<BuiltinChecks[K]> {
  return LISTS[kind]();
}
