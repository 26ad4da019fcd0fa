import { causeAtNode, containerCause, containersOf, describeContainer, dig, kubernetesCheck, PSS_RESTRICTED, stringsOf } from './kit.js';
import type { Cause } from '../../types.js';

/** KSV-0106: drop ALL, add back at most NET_BIND_SERVICE (restricted Pod Security Standard). */
export const ksv106 = kubernetesCheck({
  id: 'KSV-0106',
  aliases: ['AVD-KSV-0106', 'KSV106', 'drop-caps-add-bind-svc', 'kubernetes-drop-caps-add-bind-svc'],
  namespace: 'builtin.kubernetes.KSV106',
  title: 'Container capabilities must only include NET_BIND_SERVICE',
  severity: 'LOW',
  description: 'The restricted Pod Security Standard requires containers to drop ALL capabilities and add back at most NET_BIND_SERVICE.',
  resolution: "Set 'capabilities.drop' to ['ALL'] and add nothing but 'NET_BIND_SERVICE'.",
  references: [PSS_RESTRICTED],
  check(resource) {
    const causes: Cause[] = [];
    for (const ref of containersOf(resource)) {
      const capabilities = dig(ref.container, 'securityContext', 'capabilities');
      if (!stringsOf(dig(capabilities, 'drop')).some((cap) => cap.toUpperCase() === 'ALL')) {
        causes.push(containerCause(resource, ref, `${describeContainer(resource, ref)} should drop all capabilities`));
      } else if (stringsOf(dig(capabilities, 'add')).some((cap) => cap !== 'NET_BIND_SERVICE')) {
        causes.push(causeAtNode(resource, capabilities, `${describeContainer(resource, ref)} should add no capability but NET_BIND_SERVICE`));
      }
    }
    return causes;
  },
});
