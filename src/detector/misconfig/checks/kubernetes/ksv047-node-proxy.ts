import { kubernetesCheck, RBAC_GOOD_PRACTICES, rulesGranting } from './kit.js';

/** KSV-0047: access to `nodes/proxy`. */
export const ksv047 = kubernetesCheck({
  id: 'KSV-0047',
  aliases: ['AVD-KSV-0047', 'KSV047', 'no-privilege-escalation-from-node-proxy', 'kubernetes-no-privilege-escalation-from-node-proxy'],
  namespace: 'builtin.kubernetes.KSV047',
  title: 'Do not allow privilege escalation from node proxy',
  severity: 'HIGH',
  description: 'nodes/proxy reaches the kubelet API directly, bypassing admission and audit: it can run commands in any pod of the node.',
  resolution: "Remove the 'get' and 'create' verbs on 'nodes/proxy'.",
  references: [RBAC_GOOD_PRACTICES],
  check: (resource) => rulesGranting(resource, ['nodes/proxy'], ['get', 'create'], "should not have access to 'nodes/proxy'"),
});
