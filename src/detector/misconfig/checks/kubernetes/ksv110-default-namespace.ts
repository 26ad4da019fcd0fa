import { asMap, causeAtNode, kubernetesCheck, WORKLOADS } from './kit.js';

/** KSV-0110: workloads in the `default` namespace. */
export const ksv110 = kubernetesCheck({
  id: 'KSV-0110',
  aliases: ['AVD-KSV-0110', 'KSV110', 'default-namespace-should-not-be-used', 'kubernetes-default-namespace-should-not-be-used'],
  namespace: 'builtin.kubernetes.KSV110',
  title: 'Workloads in the default namespace',
  severity: 'LOW',
  description: 'The default namespace is where everything lands when nobody chose: it mixes unrelated workloads under the same policies, quotas and RBAC.',
  resolution: "Set 'metadata.namespace' to a namespace dedicated to the application.",
  references: ['https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/'],
  kinds: WORKLOADS,
  check(resource) {
    if (resource.namespace !== 'default') return [];
    const metadata = asMap(resource.object.metadata);
    const message = `${resource.kindLower} ${resource.name} is in the default namespace; set 'metadata.namespace'`;
    const namespaceKey = resource.linesOfKey(metadata, 'namespace');
    if (namespaceKey) return [{ message, startLine: namespaceKey.startLine, endLine: namespaceKey.endLine }];
    return [causeAtNode(resource, metadata ?? resource.object, message)];
  },
});
