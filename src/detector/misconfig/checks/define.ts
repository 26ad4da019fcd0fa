/**
 * Builders for built-in checks: a check file states its id, aliases, namespace, title, severity,
 * texts, references and logic; the builder adds what every built-in check of a type shares
 * (provider, service, the AVD page as primary link and last reference).
 */
import type { Dockerfile } from '../dockerfile/types.js';
import type { K8sResource } from '../kubernetes/resource.js';
import type { Cause, Check, CheckMeta } from '../types.js';

/** What a built-in check file writes down. */
export type BuiltinCheckSpec<I> = Omit<CheckMeta, 'provider' | 'service' | 'primaryUrl' | 'avdId'> & {
  kinds?: readonly string[];
  check(input: I): Cause[];
};

/** The AVD documentation page of a check id (`DS-0002` → `https://avd.aquasec.com/misconfig/ds-0002`). */
export function avdUrl(id: string): string {
  return `https://avd.aquasec.com/misconfig/${id.toLowerCase()}`;
}

function builtin<I>(spec: BuiltinCheckSpec<I>, type: Check['type'], provider: string): Check<I> {
  const primaryUrl = avdUrl(spec.id);
  return {
    ...spec,
    type,
    provider,
    service: 'general',
    primaryUrl,
    references: [...spec.references.filter((r) => r !== primaryUrl), primaryUrl],
  };
}

/** A built-in Dockerfile check. */
export function dockerfileCheck(spec: BuiltinCheckSpec<Dockerfile>): Check<Dockerfile> {
  return builtin(spec, 'dockerfile', 'Dockerfile');
}

/** A built-in Kubernetes check. */
export function kubernetesCheck(spec: BuiltinCheckSpec<K8sResource>): Check<K8sResource> {
  return builtin(spec, 'kubernetes', 'Kubernetes');
}
