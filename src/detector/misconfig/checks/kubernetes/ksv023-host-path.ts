import { hasKey, kubernetesCheck, podVolumes, PSS_BASELINE, specCause, WORKLOADS } from './kit.js';

/** KSV-0023: hostPath volumes (forbidden by the baseline Pod Security Standard). */
export const ksv023 = kubernetesCheck({
  id: 'KSV-0023',
  aliases: ['AVD-KSV-0023', 'KSV023', 'no-mounted-hostpath', 'kubernetes-no-mounted-hostpath'],
  namespace: 'builtin.kubernetes.KSV023',
  title: 'hostPath volumes mounted',
  severity: 'MEDIUM',
  description: 'A hostPath volume exposes part of the node\'s filesystem to the pod: node files can be read or changed, and paths like the kubelet or runtime directories lead to node takeover.',
  resolution: "Do not use 'spec.volumes[].hostPath'; use persistent volumes, emptyDir, configMap or secret volumes.",
  references: [PSS_BASELINE],
  kinds: WORKLOADS,
  check(resource) {
    const found = podVolumes(resource).some((volume) => hasKey(volume, 'hostPath'));
    return found ? [specCause(resource, `${resource.kind} '${resource.name}' should not use hostPath volumes`)] : [];
  },
});
