import { BINDINGS, bindsSubject, kubernetesCheck } from './kit.js';

/** KSV-0122: bindings for anonymous or unauthenticated users. */
export const ksv122 = kubernetesCheck({
  id: 'KSV-0122',
  aliases: ['AVD-KSV-0122', 'KSV122', 'no-anonymous-user-bind', 'kubernetes-no-anonymous-user-bind'],
  namespace: 'appshield.kubernetes.KSV122',
  title: 'Anonymous user access binding',
  severity: 'CRITICAL',
  description: 'Binding a role to system:anonymous or system:unauthenticated gives its permissions to anyone who can reach the API server.',
  resolution: 'Remove system:anonymous and system:unauthenticated from the binding subjects.',
  references: ['https://blog.aquasec.com/kubernetes-exposed-one-yaml-away-from-disaster'],
  kinds: BINDINGS,
  check: (resource) => bindsSubject(resource, ['system:anonymous', 'system:unauthenticated']),
});
