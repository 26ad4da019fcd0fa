import { asMap, asString, kubernetesCheck, specCause } from './kit.js';

const CORE_COMPONENTS = ['kube-apiserver', 'etcd', 'kube-controller-manager', 'kube-scheduler'];

/** KSV-0037: user resources in kube-system. */
export const ksv037 = kubernetesCheck({
  id: 'KSV-0037',
  aliases: ['AVD-KSV-0037', 'KSV037', 'no-user-pods-in-system-namespace', 'no-user-resources-in-system-namespace', 'kubernetes-no-user-resources-in-system-namespace'],
  namespace: 'builtin.kubernetes.KSV037',
  title: 'User resources should not be placed in kube-system namespace',
  severity: 'MEDIUM',
  description: 'kube-system holds the control plane and cluster add-ons with powerful service accounts; application resources there share that blast radius and are easy to overlook.',
  resolution: 'Deploy the resource into a namespace of its own, not kube-system.',
  references: ['https://kubernetes.io/docs/reference/setup-tools/kubeadm/implementation-details/'],
  check(resource) {
    if (resource.namespace !== 'kube-system' || isCoreComponent(resource.object)) return [];
    return [specCause(resource, `${resource.kind} '${resource.name}' should not be in the 'kube-system' namespace`)];
  },
});

function isCoreComponent(object: Record<string, unknown>): boolean {
  const labels = asMap(asMap(object.metadata)?.labels);
  return (
    asString(labels?.tier) === 'control-plane' &&
    asString(asMap(object.spec)?.priorityClassName) === 'system-node-critical' &&
    CORE_COMPONENTS.includes(asString(labels?.component) ?? '')
  );
}
