import { BINDINGS, kubernetesCheck } from './kit.js';

/**
 * KSV-01011: bindings for system:authenticated on GKE, where that group means every Google
 * account. It needs to know the cluster is GKE, which manifests do not say: it never fails in a
 * config scan (as in trivy, where it is evaluated against the cluster version).
 */
export const ksv01011 = kubernetesCheck({
  id: 'KSV-01011',
  aliases: ['AVD-KSV-01011', 'KSV01011', 'no-system-authenticated-group-bind', 'kubernetes-no-system-authenticated-group-bind'],
  namespace: 'appshield.kubernetes.KSV01011',
  title: 'system:authenticate group access binding',
  severity: 'CRITICAL',
  description: 'On GKE, system:authenticated includes every Google account, not only users of the cluster; binding roles to it opens the cluster to the world.',
  resolution: 'Remove system:authenticated from the binding subjects.',
  references: ['https://orca.security/resources/blog/sys-all-google-kubernetes-engine-risk/'],
  kinds: BINDINGS,
  check: () => [],
});
