import { causeAtNode, containersOf, dig, kubernetesCheck, podsOf, PSS_BASELINE, WORKLOADS } from './kit.js';
import type { Cause } from '../../types.js';

/** KSV-0103: Windows HostProcess containers. */
export const ksv103 = kubernetesCheck({
  id: 'KSV-0103',
  aliases: ['AVD-KSV-0103', 'KSV103', 'no-hostprocess-containers', 'kubernetes-no-hostprocess-containers'],
  namespace: 'builtin.kubernetes.KSV103',
  title: 'Access to host process',
  severity: 'MEDIUM',
  description: 'A Windows HostProcess container runs directly on the node with the node\'s privileges: the baseline Pod Security Standard forbids it.',
  resolution: "Do not set 'securityContext.windowsOptions.hostProcess' to true, on the pod or its containers.",
  references: [PSS_BASELINE],
  kinds: WORKLOADS,
  check(resource) {
    const causes: Cause[] = [];
    for (const pod of podsOf(resource)) {
      const options = dig(pod.spec, 'securityContext', 'windowsOptions');
      if (dig(options, 'hostProcess') === true) causes.push(causeAtNode(resource, options, `${resource.kind} '${resource.name}' enables hostProcess`));
    }
    for (const ref of containersOf(resource)) {
      const options = dig(ref.container, 'securityContext', 'windowsOptions');
      if (dig(options, 'hostProcess') === true) causes.push(causeAtNode(resource, options, `Container '${ref.name}' of ${resource.kind} '${resource.name}' enables hostProcess`));
    }
    return causes;
  },
});
