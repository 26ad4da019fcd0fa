import { eachContainer, hasKey, kubernetesCheck, mapsOf, PSS_BASELINE, WORKLOADS } from './kit.js';

/** KSV-0024: containers binding host ports. */
export const ksv024 = kubernetesCheck({
  id: 'KSV-0024',
  aliases: ['AVD-KSV-0024', 'KSV024', 'no-host-port-access', 'kubernetes-no-host-port-access'],
  namespace: 'builtin.kubernetes.KSV024',
  title: 'Access to host ports',
  severity: 'HIGH',
  description: 'A hostPort opens a port on the node\'s own interfaces, bypassing Services and network policies, and pins the pod to nodes where the port is free.',
  resolution: "Remove 'ports[].hostPort' from containers and init containers; expose the pod with a Service.",
  references: [PSS_BASELINE],
  kinds: WORKLOADS,
  check: (resource) =>
    eachContainer(resource, (ref) => mapsOf(ref.container.ports).some((port) => hasKey(port, 'hostPort')), "should not set 'ports[].hostPort'"),
});
