import { hasKey, kubernetesCheck, podsOf, podSpecCause, WORKLOADS } from './kit.js';

/** KSV-0007: hostAliases make the pod manage its own /etc/hosts. */
export const ksv007 = kubernetesCheck({
  id: 'KSV-0007',
  aliases: ['AVD-KSV-0007', 'KSV007', 'no-hostaliases', 'kubernetes-no-hostaliases'],
  namespace: 'builtin.kubernetes.KSV007',
  title: 'Manages /etc/hosts',
  severity: 'LOW',
  description: 'hostAliases write entries into the pod\'s /etc/hosts, overriding DNS for those names; the file then no longer follows what the cluster resolves.',
  resolution: "Remove 'spec.hostAliases' and use DNS records instead.",
  references: ['https://kubernetes.io/docs/tasks/network/customize-hosts-file-for-pods/'],
  kinds: WORKLOADS,
  check: (resource) =>
    podsOf(resource)
      .filter((pod) => hasKey(pod.spec, 'hostAliases'))
      .map((pod) => podSpecCause(resource, pod, `${resource.kind} '${resource.name}' should not set 'hostAliases'`)),
});
