import { asString, dig, kubernetesCheck, mapsOf, podsOf, podSpecCause, PSS_BASELINE, WORKLOADS } from './kit.js';

// The "safe" sysctls of the baseline Pod Security Standard (Kubernetes 1.32).
const SAFE = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
]);

/** KSV-0026: sysctls outside the safe set. */
export const ksv026 = kubernetesCheck({
  id: 'KSV-0026',
  aliases: ['AVD-KSV-0026', 'KSV026', 'no-unsafe-sysctl', 'kubernetes-no-unsafe-sysctl'],
  namespace: 'builtin.kubernetes.KSV026',
  title: 'Unsafe sysctl options set',
  severity: 'MEDIUM',
  description: 'Only namespaced, isolated sysctls are safe for a pod to set; the others change the kernel for every pod of the node or turn off protections.',
  resolution: "Remove the unsafe entries of 'spec.securityContext.sysctls'.",
  references: [PSS_BASELINE],
  kinds: WORKLOADS,
  check: (resource) =>
    podsOf(resource).flatMap((pod) => {
      const unsafe = mapsOf(dig(pod.spec, 'securityContext', 'sysctls'))
        .map((sysctl) => asString(sysctl.name))
        .filter((name): name is string => name !== undefined && !SAFE.has(name))
        .sort();
      return unsafe.length > 0 ? [podSpecCause(resource, pod, `${resource.kind} '${resource.name}' sets unsafe sysctls: ${unsafe.join(', ')}`)] : [];
    }),
});
