import { asMap, hasKey, kubernetesCheck, mapsOf, specCause } from './kit.js';

const REQUIRED = ['type', 'max', 'min', 'default', 'defaultRequest'];

/** KSV-0039: a LimitRange without complete limits. */
export const ksv039 = kubernetesCheck({
  id: 'KSV-0039',
  aliases: ['AVD-KSV-0039', 'KSV039', 'limit-range-usage', 'kubernetes-limit-range-usage'],
  namespace: 'builtin.kubernetes.KSV039',
  title: 'limit range usage',
  severity: 'LOW',
  description: 'A LimitRange gives containers of a namespace default requests and limits and bounds them; one without type, min, max, default and defaultRequest leaves gaps.',
  resolution: "Give the LimitRange a 'spec.limits' entry with type, max, min, default and defaultRequest.",
  references: [
    'https://kubernetes.io/docs/concepts/policy/limit-range/',
    'https://kubernetes.io/docs/tasks/administer-cluster/manage-resources/memory-default-namespace/',
    'https://kubernetes.io/docs/tasks/administer-cluster/manage-resources/memory-constraint-namespace/',
  ],
  kinds: ['limitrange'],
  check(resource) {
    const limits = mapsOf(asMap(resource.object.spec)?.limits);
    if (limits.some((limit) => REQUIRED.every((field) => hasKey(limit, field)))) return [];
    return [specCause(resource, `LimitRange '${resource.name}' should set type, max, min, default and defaultRequest in 'spec.limits'`)];
  },
});
