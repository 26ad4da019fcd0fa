import { asMap, hasKey, kubernetesCheck, mapsOf, specCause } from './kit.js';

/** KSV-0038: NetworkPolicies that select nothing. */
export const ksv038 = kubernetesCheck({
  id: 'KSV-0038',
  aliases: ['AVD-KSV-0038', 'KSV038', 'selector-usage-in-network-policies', 'kubernetes-selector-usage-in-network-policies'],
  namespace: 'builtin.kubernetes.KSV038',
  title: 'Selector usage in network policies',
  severity: 'MEDIUM',
  description: 'A network policy restricts traffic only for the pods it selects, and allows traffic only from the peers its rules select; without selectors it does not do what it looks like.',
  resolution: "Select pods with 'podSelector' and/or 'namespaceSelector' in the policy and in its ingress/egress rules.",
  references: ['https://kubernetes.io/docs/tasks/administer-cluster/declare-network-policy/'],
  check(resource) {
    if (resource.kindLower !== 'networkpolicy') return [];
    const spec = asMap(resource.object.spec);
    if (spec && hasSelector(spec)) return [];
    return [specCause(resource, `NetworkPolicy '${resource.name}' should select pods with 'podSelector' and/or 'namespaceSelector'`)];
  },
});

function hasSelector(spec: Record<string, unknown>): boolean {
  if (hasKey(spec, 'podSelector') || hasKey(spec, 'namespaceSelector')) return true;
  const peers = [
    ...mapsOf(spec.ingress).flatMap((rule) => mapsOf(rule.from)),
    ...mapsOf(spec.egress).flatMap((rule) => mapsOf(rule.to)),
  ];
  return peers.some((peer) => hasKey(peer, 'podSelector') || hasKey(peer, 'namespaceSelector'));
}
