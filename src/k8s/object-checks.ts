import { checkKubernetesFile } from '../detector/misconfig/kubernetes/check-file.js';
import type { Check } from '../detector/misconfig/types.js';
import { maskCode, maskedLines } from '../detector/secret/mask-code.js';
import type { SecretScanner } from '../detector/secret/scanner.js';
import type { Result } from '../report/model.js';
import type { K8sObject } from './objects.js';
import { manifestYaml } from './serialize.js';

/** What runs on each live object: the Kubernetes checks (with their options) and the secret engine. */
export interface ObjectCheckOptions {
  /** `--scanners misconfig`: the Kubernetes and RBAC checks. */
  misconfig?: { skipChecks?: ReadonlySet<string>; includeNonFailures?: boolean; customChecks?: readonly Check[] };
  /** `--scanners secret`: secrets written into the object (env values, args, annotations). */
  secrets?: SecretScanner;
  /** Masks secrets in the checks' code excerpts when `secrets` is not set (every output masks them). */
  mask?: SecretScanner;
}

/** The secret engine skips paths named like tests or examples; a live object is neither. */
const NEUTRAL_PATH = 'manifest.yaml';

/**
 * The findings on one live object, as trivy reports them for `trivy k8s`: a `config` result
 * (Target `Kind/Name`, the checks' successes and failures) and, when secrets are found in the
 * manifest (an env value, an argument), a `secret` result with the same Target. Findings' lines
 * refer to the manifest `manifestYaml` writes; secrets in the checks' excerpts are masked.
 */
export function checkObject(obj: K8sObject, options: ObjectCheckOptions): Result[] {
  if (!options.misconfig && !options.secrets) return [];
  const target = `${obj.kind}/${obj.metadata.name}`;
  const yaml = manifestYaml(obj);
  const results: Result[] = [];
  const engine = options.secrets ?? options.mask;
  const found = engine ? engine.scan(NEUTRAL_PATH, Buffer.from(yaml)) : [];
  if (options.misconfig) {
    const verdict = checkKubernetesFile(target, yaml, {
      ...(options.misconfig.skipChecks ? { skipChecks: options.misconfig.skipChecks } : {}),
      ...(options.misconfig.includeNonFailures ? { includeNonFailures: true } : {}),
      ...(options.misconfig.customChecks?.length ? { customChecks: options.misconfig.customChecks } : {}),
    });
    if (verdict) {
      const findings = maskCode([...verdict.failures, ...(verdict.nonFailures ?? [])], maskedLines(found));
      results.push({
        Target: target,
        Class: 'config',
        Type: 'kubernetes',
        MisconfSummary: { Successes: verdict.successes, Failures: verdict.failures.length, ...(verdict.exceptions > 0 ? { Exceptions: verdict.exceptions } : {}) },
        ...(findings.length > 0 ? { Misconfigurations: findings } : {}),
      });
    }
  }
  if (options.secrets && found.length > 0) results.push({ Target: target, Class: 'secret', Secrets: found });
  return results;
}
