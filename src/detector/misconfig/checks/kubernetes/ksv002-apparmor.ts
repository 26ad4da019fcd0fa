import { asString, containerCause, containersOf, describeContainer, dig, kubernetesCheck, podAnnotations, PSS_BASELINE, WORKLOADS } from './kit.js';
import type { Cause } from '../../types.js';

const ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

/** KSV-0002: a container's AppArmor profile must not be overridden to a custom/unconfined one. */
export const ksv002 = kubernetesCheck({
  id: 'KSV-0002',
  aliases: ['AVD-KSV-0002', 'KSV002', 'use-default-apparmor-profile', 'kubernetes-use-default-apparmor-profile'],
  namespace: 'builtin.kubernetes.KSV002',
  title: 'Runtime/Default AppArmor profile not set',
  severity: 'LOW',
  description:
    'AppArmor confines what a container may do. The Pod Security Standards allow only the runtime default profile (or leaving it unset); an unconfined or arbitrary profile lifts that confinement.',
  resolution: "Set the AppArmor annotation of the container to 'runtime/default' (or remove it), and do not use an 'Unconfined' appArmorProfile.",
  references: [PSS_BASELINE],
  kinds: WORKLOADS,
  check(resource) {
    const causes: Cause[] = [];
    for (const ref of containersOf(resource)) {
      const annotation = asString(podAnnotations(ref.pod)[ANNOTATION + ref.name]);
      const profile = asString(dig(ref.container, 'securityContext', 'appArmorProfile', 'type')) ?? asString(dig(ref.pod.spec, 'securityContext', 'appArmorProfile', 'type'));
      if ((annotation !== undefined && annotation !== 'runtime/default') || profile === 'Unconfined') {
        causes.push(containerCause(resource, ref, `${describeContainer(resource, ref)} should use the runtime default AppArmor profile`));
      }
    }
    return causes;
  },
});
