import { containerSecurityContext, eachContainer, kubernetesCheck, PSS_BASELINE, WORKLOADS } from './kit.js';

/** KSV-0027: a non-default /proc mount. */
export const ksv027 = kubernetesCheck({
  id: 'KSV-0027',
  aliases: ['AVD-KSV-0027', 'KSV027', 'no-custom-proc-mask', 'kubernetes-no-custom-proc-mask'],
  namespace: 'builtin.kubernetes.KSV027',
  title: 'Non-default /proc masks set',
  severity: 'MEDIUM',
  description: 'The default /proc mount hides and masks kernel interfaces; an Unmasked /proc exposes them to the container.',
  resolution: "Remove 'securityContext.procMount' from containers (or set it to 'Default').",
  references: [PSS_BASELINE],
  kinds: WORKLOADS,
  check: (resource) =>
    eachContainer(
      resource,
      (ref) => {
        const context = containerSecurityContext(ref);
        return context !== undefined && 'procMount' in context && context.procMount !== 'Default';
      },
      "should not set 'securityContext.procMount'",
    ),
});
