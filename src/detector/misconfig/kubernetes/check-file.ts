/** Checks one file of Kubernetes manifests: the parser and the built-in Kubernetes checks, loaded together. */
import { kubernetesChecks } from '../checks/kubernetes/index.js';
import { checksToRun } from '../checks-to-run.js';
import { runChecks } from '../run-checks.js';
import type { Check, FileMisconfigResult, ScanOptions } from '../types.js';
import type { K8sResource } from './resource.js';
import { parseKubernetesConfig } from './scan.js';

export { kubernetesChecks };

/** The Kubernetes checks a scan runs (built-in unless disabled, plus the user's `kubernetes` checks); Helm charts use them too. */
export function kubernetesChecksToRun(options: ScanOptions): readonly Check<K8sResource>[] {
  return checksToRun(kubernetesChecks, 'kubernetes', options);
}

/** The result of a manifest file; undefined when it holds no Kubernetes object. Throws `ParseError` on invalid YAML. */
export function checkKubernetesFile(path: string, text: string, options: ScanOptions): FileMisconfigResult | undefined {
  const parsed = parseKubernetesConfig(path, text);
  return parsed && runChecks(parsed, kubernetesChecksToRun(options), options);
}
