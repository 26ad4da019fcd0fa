import { kubernetesCheck, RBAC_GOOD_PRACTICES, ROLES, rulesGranting, WRITE_VERBS } from './kit.js';

/** KSV-0115: changing EKS's aws-auth ConfigMap. */
export const ksv115 = kubernetesCheck({
  id: 'KSV-0115',
  aliases: ['AVD-KSV-0115', 'KSV115', 'eks-iam-configmap', 'kubernetes-eks-iam-configmap'],
  namespace: 'builtin.kubernetes.KSV115',
  title: 'Manage EKS IAM Auth ConfigMap',
  severity: 'CRITICAL',
  description: "On EKS the 'aws-auth' ConfigMap maps AWS IAM identities to Kubernetes groups; whoever can edit it can give any AWS principal system:masters.",
  resolution: "Remove the write verbs on the 'aws-auth' configmap.",
  references: [RBAC_GOOD_PRACTICES],
  kinds: ROLES,
  check: (resource) =>
    rulesGranting(resource, ['configmaps'], WRITE_VERBS, "should not be able to change the 'aws-auth' configmap", (rule) => rule.resourceNames.includes('aws-auth')),
});
