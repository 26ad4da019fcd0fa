import { asNumber, causeAtNode, containerSecurityContext, containersOf, kubernetesCheck, podSecurityContext, podsOf, PSS_RESTRICTED } from './kit.js';

/** KSV-0105: `runAsUser: 0` on a pod or container. */
export const ksv105 = kubernetesCheck({
  id: 'KSV-0105',
  aliases: ['AVD-KSV-0105', 'KSV105', 'containers-not-run-as-root', 'kubernetes-containers-not-run-as-root'],
  namespace: 'builtin.kubernetes.KSV105',
  title: 'Containers must not set runAsUser to 0',
  severity: 'LOW',
  description: 'runAsUser 0 runs the container as root explicitly, whatever the image declares.',
  resolution: "Set 'securityContext.runAsUser' to a non-zero UID, or leave it unset.",
  references: [PSS_RESTRICTED],
  check(resource) {
    const contexts = [...containersOf(resource).map(containerSecurityContext), ...podsOf(resource).map(podSecurityContext)];
    return contexts
      .filter((context) => context !== undefined && asNumber(context.runAsUser) === 0)
      .map((context) => causeAtNode(resource, context, `${resource.kind} '${resource.name}' sets 'securityContext.runAsUser' to 0 (root)`));
  },
});
