import { kubernetesCheck, RBAC_GOOD_PRACTICES, ROLES, rulesGranting, WRITE_VERBS } from './kit.js';

const NETWORKING = ['services', 'endpoints', 'endpointslices', 'networkpolicies', 'ingresses'];

/** KSV-0056: changing networking objects. */
export const ksv056 = kubernetesCheck({
  id: 'KSV-0056',
  aliases: ['AVD-KSV-0056', 'KSV056', 'no-manage-networking-resources', 'kubernetes-no-manage-networking-resources'],
  namespace: 'builtin.kubernetes.KSV056',
  title: 'Manage Kubernetes networking',
  severity: 'HIGH',
  description: 'Controlling services and endpoints lets one redirect traffic to other pods (interception); controlling network policies lifts lateral-movement restrictions.',
  resolution: "Limit networking resources to the 'get', 'list' and 'watch' verbs.",
  references: [RBAC_GOOD_PRACTICES],
  kinds: ROLES,
  check: (resource) => rulesGranting(resource, NETWORKING, WRITE_VERBS, 'should not be able to change networking resources'),
});
