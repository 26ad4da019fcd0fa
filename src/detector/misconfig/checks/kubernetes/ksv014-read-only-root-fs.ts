import { containerSecurityContext, eachContainer, kubernetesCheck, WORKLOADS } from './kit.js';

/** KSV-0014: containers with a writable root filesystem. */
export const ksv014 = kubernetesCheck({
  id: 'KSV-0014',
  aliases: ['AVD-KSV-0014', 'KSV014', 'use-readonly-filesystem', 'kubernetes-use-readonly-filesystem'],
  namespace: 'builtin.kubernetes.KSV014',
  title: 'Root file system is not read-only',
  severity: 'HIGH',
  description: 'A read-only root filesystem stops an intruder from changing binaries or dropping tools into the container; writable paths can still be provided with volumes.',
  resolution: "Set 'containers[].securityContext.readOnlyRootFilesystem' to true (mount emptyDir volumes where writes are needed).",
  references: ['https://kubesec.io/basics/containers-securitycontext-readonlyrootfilesystem-true/'],
  kinds: WORKLOADS,
  check: (resource) =>
    eachContainer(resource, (ref) => containerSecurityContext(ref)?.readOnlyRootFilesystem !== true, "should set 'securityContext.readOnlyRootFilesystem' to true"),
});
