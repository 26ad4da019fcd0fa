import { asMap, causeAtNode, hasKey, kubernetesCheck } from './kit.js';

const REQUIRED = ['requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'];

/** KSV-0040: a ResourceQuota without CPU and memory quotas. */
export const ksv040 = kubernetesCheck({
  id: 'KSV-0040',
  aliases: ['AVD-KSV-0040', 'KSV040', 'resource-quota-usage', 'kubernetes-resource-quota-usage'],
  namespace: 'builtin.kubernetes.KSV040',
  title: 'resource quota usage',
  severity: 'LOW',
  description: 'A ResourceQuota caps what a namespace may consume; without CPU and memory quotas one namespace can take the whole cluster.',
  resolution: "Set requests.cpu, requests.memory, limits.cpu and limits.memory in 'spec.hard'.",
  references: ['https://kubernetes.io/docs/tasks/administer-cluster/manage-resources/quota-memory-cpu-namespace/'],
  kinds: ['resourcequota'],
  check(resource) {
    const spec = asMap(resource.object.spec);
    const hard = asMap(spec?.hard);
    const missing = REQUIRED.filter((field) => !hasKey(hard, field));
    if (missing.length === 0) return [];
    return [causeAtNode(resource, hard ?? spec ?? resource.object, `ResourceQuota '${resource.name}' should set ${missing.join(', ')} in 'spec.hard'`)];
  },
});
