import { causeAtNode, kubernetesCheck } from './kit.js';

/** API versions removed from Kubernetes, with the kinds they served and their replacement. */
const REMOVED: Record<string, { kinds: string[]; removed: string; replacement: string }> = {
  'extensions/v1beta1': { kinds: ['DaemonSet', 'Deployment', 'ReplicaSet', 'NetworkPolicy', 'PodSecurityPolicy', 'Ingress'], removed: '1.16/1.22', replacement: 'apps/v1, networking.k8s.io/v1, policy/v1' },
  'apps/v1beta1': { kinds: ['Deployment', 'StatefulSet', 'ControllerRevision', 'DaemonSet', 'ReplicaSet', 'Ingress', 'NetworkPolicy'], removed: '1.16', replacement: 'apps/v1' },
  'apps/v1beta2': { kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ControllerRevision'], removed: '1.16', replacement: 'apps/v1' },
  'admission.k8s.io/v1beta1': { kinds: ['AdmissionReview'], removed: '1.22', replacement: 'admission.k8s.io/v1' },
  'admissionregistration.k8s.io/v1beta1': {
    kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'],
    removed: '1.22/1.34',
    replacement: 'admissionregistration.k8s.io/v1',
  },
  'apiextensions.k8s.io/v1beta1': { kinds: ['CustomResourceDefinition'], removed: '1.22', replacement: 'apiextensions.k8s.io/v1' },
  'apiregistration.k8s.io/v1beta1': { kinds: ['APIService'], removed: '1.22', replacement: 'apiregistration.k8s.io/v1' },
  'authentication.k8s.io/v1beta1': { kinds: ['TokenReview', 'SelfSubjectReview'], removed: '1.22/1.33', replacement: 'authentication.k8s.io/v1' },
  'authorization.k8s.io/v1beta1': {
    kinds: ['LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'SubjectAccessReview'],
    removed: '1.22',
    replacement: 'authorization.k8s.io/v1',
  },
  'autoscaling/v2beta1': { kinds: ['HorizontalPodAutoscaler'], removed: '1.25', replacement: 'autoscaling/v2' },
  'autoscaling/v2beta2': { kinds: ['HorizontalPodAutoscaler'], removed: '1.26', replacement: 'autoscaling/v2' },
  'batch/v1beta1': { kinds: ['CronJob'], removed: '1.25', replacement: 'batch/v1' },
  'certificates.k8s.io/v1beta1': { kinds: ['CertificateSigningRequest'], removed: '1.22', replacement: 'certificates.k8s.io/v1' },
  'coordination.k8s.io/v1beta1': { kinds: ['Lease'], removed: '1.22', replacement: 'coordination.k8s.io/v1' },
  'discovery.k8s.io/v1beta1': { kinds: ['EndpointSlice'], removed: '1.25', replacement: 'discovery.k8s.io/v1' },
  'events.k8s.io/v1beta1': { kinds: ['Event'], removed: '1.25', replacement: 'events.k8s.io/v1' },
  'flowcontrol.apiserver.k8s.io/v1beta1': { kinds: ['FlowSchema', 'PriorityLevelConfiguration'], removed: '1.26', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  'flowcontrol.apiserver.k8s.io/v1beta2': { kinds: ['FlowSchema', 'PriorityLevelConfiguration'], removed: '1.29', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  'flowcontrol.apiserver.k8s.io/v1beta3': { kinds: ['FlowSchema', 'PriorityLevelConfiguration'], removed: '1.32', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  'networking.k8s.io/v1beta1': { kinds: ['Ingress', 'IngressClass'], removed: '1.22', replacement: 'networking.k8s.io/v1' },
  'node.k8s.io/v1beta1': { kinds: ['RuntimeClass'], removed: '1.25', replacement: 'node.k8s.io/v1' },
  'policy/v1beta1': { kinds: ['PodDisruptionBudget', 'PodSecurityPolicy', 'Eviction'], removed: '1.25', replacement: 'policy/v1' },
  'rbac.authorization.k8s.io/v1beta1': { kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], removed: '1.22', replacement: 'rbac.authorization.k8s.io/v1' },
  'scheduling.k8s.io/v1beta1': { kinds: ['PriorityClass'], removed: '1.22', replacement: 'scheduling.k8s.io/v1' },
  'storage.k8s.io/v1alpha1': { kinds: ['CSIStorageCapacity', 'VolumeAttachment'], removed: '1.24', replacement: 'storage.k8s.io/v1' },
  'storage.k8s.io/v1beta1': {
    kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment', 'CSIStorageCapacity'],
    removed: '1.22/1.27',
    replacement: 'storage.k8s.io/v1',
  },
};

/** KSV-0107: apiVersion/kind pairs Kubernetes removed. */
export const ksv107 = kubernetesCheck({
  id: 'KSV-0107',
  aliases: ['AVD-KSV-0107', 'KSV107', 'evaluate-k8s-deprecated-removed-apis', 'kubernetes-evaluate-k8s-deprecated-removed-apis'],
  namespace: 'defsec.kubernetes.KSV107',
  title: "The deprecated 'apiVersion' and 'kind' should not be used",
  severity: 'LOW',
  description: 'Manifests written against a deprecated API version stop applying once the cluster is upgraded past its removal.',
  resolution: 'Move the resource to the current API version.',
  references: ['https://kubernetes.io/docs/reference/using-api/deprecation-guide/'],
  check(resource) {
    const removed = REMOVED[resource.apiVersion];
    if (!removed?.kinds.some((kind) => kind.toLowerCase() === resource.kindLower)) return [];
    const message = `apiVersion '${resource.apiVersion}' of kind '${resource.kind}' is deprecated (removed in Kubernetes ${removed.removed}); use ${removed.replacement}`;
    const lines = { startLine: resource.startLine, endLine: Math.min(resource.endLine, resource.startLine + 4) };
    return resource.startLine > 0 ? [{ message, ...lines }] : [causeAtNode(resource, resource.object, message)];
  },
});
