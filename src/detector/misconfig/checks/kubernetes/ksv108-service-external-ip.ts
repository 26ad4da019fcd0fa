import { asList, asMap, asString, kubernetesCheck, specCause } from './kit.js';

/** KSV-0108: Services with external IPs or an external name. */
export const ksv108 = kubernetesCheck({
  id: 'KSV-0108',
  aliases: ['AVD-KSV-0108', 'no_svc_with_extip', 'kubernetes-no-svc-with-extip'],
  namespace: 'builtin.kubernetes.KSV0108',
  title: 'Service with External IP',
  severity: 'HIGH',
  description: 'spec.externalIPs lets a Service claim any IP address, so whoever can create Services can intercept traffic to it (CVE-2020-8554); externalName redirects in-cluster traffic outside.',
  resolution: "Do not set 'spec.externalIPs' or 'spec.externalName'; use a LoadBalancer or Ingress.",
  references: ['https://github.com/kubernetes/kubernetes/issues/97076'],
  kinds: ['service'],
  check(resource) {
    const spec = asMap(resource.object.spec);
    const ips = asList(spec?.externalIPs);
    const externalName = asString(spec?.externalName);
    if (ips.length === 0 && !externalName) return [];
    return [specCause(resource, `Service '${resource.name}' in '${resource.namespace}' namespace should not set external IPs or an external name`)];
  },
});
