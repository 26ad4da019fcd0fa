import { asMap, containerSecurityContext, containersOf, hasKey, kubernetesCheck, podSecurityContext, podsOf, PSS_BASELINE, specCause, WORKLOADS } from './kit.js';
import type { YamlMap } from '../../kubernetes/values.js';
import type { Cause } from '../../types.js';

const ALLOWED_TYPES = ['container_t', 'container_init_t', 'container_kvm_t'];

/** KSV-0025: custom SELinux user, role or type. */
export const ksv025 = kubernetesCheck({
  id: 'KSV-0025',
  aliases: ['AVD-KSV-0025', 'KSV025', 'no-custom-selinux-options', 'kubernetes-no-custom-selinux-options'],
  namespace: 'builtin.kubernetes.KSV025',
  title: 'SELinux custom options set',
  severity: 'MEDIUM',
  description: 'Setting an SELinux user or role, or a type other than the container types, can put the container in a more privileged SELinux domain.',
  resolution: "Do not set 'seLinuxOptions.user' or 'role', and use only container_t, container_init_t or container_kvm_t as 'seLinuxOptions.type'.",
  references: [PSS_BASELINE],
  kinds: WORKLOADS,
  check(resource) {
    const contexts: (YamlMap | undefined)[] = [
      ...containersOf(resource).map(containerSecurityContext),
      ...podsOf(resource).map(podSecurityContext),
    ];
    const badTypes = new Set<string>();
    const badProps = new Set<string>();
    for (const context of contexts) {
      const options = asMap(context?.seLinuxOptions);
      if (!options) continue;
      const type = options.type;
      if (type !== undefined && type !== null && !ALLOWED_TYPES.includes(String(type))) badTypes.add(String(type));
      for (const key of ['user', 'role']) if (hasKey(options, key)) badProps.add(key);
    }
    const causes: Cause[] = [...badTypes].map((type) => specCause(resource, `${resource.kind} '${resource.name}' uses the SELinux type '${type}'`));
    if (badProps.size > 0) causes.push(specCause(resource, `${resource.kind} '${resource.name}' sets SELinux ${[...badProps].sort().join(' and ')}`));
    return causes;
  },
});
