import { asString, containersOf, hasKey, kubernetesCheck, mapsOf, podsOf, podSpecCause } from './kit.js';

const TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

/** KSV-0036: pods that mount the service account token. */
export const ksv036 = kubernetesCheck({
  id: 'KSV-0036',
  aliases: ['AVD-KSV-0036', 'KSV036', 'no-auto-mount-service-token', 'kubernetes-no-auto-mount-service-token'],
  namespace: 'builtin.kubernetes.KSV036',
  title: 'Protecting Pod service account tokens',
  severity: 'MEDIUM',
  description: 'A mounted service account token lets anyone who gets into the pod call the Kubernetes API with that account\'s rights. Pods that do not call the API should not get one.',
  resolution: "Set 'automountServiceAccountToken: false' in the pod spec and do not mount the token path.",
  references: ['https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/#serviceaccount-admission-controller'],
  check(resource) {
    return podsOf(resource).flatMap((pod) => {
      const explicit = hasKey(pod.spec, 'automountServiceAccountToken');
      const mounted = explicit
        ? pod.spec.automountServiceAccountToken === true
        : containersOf(resource).some((ref) => ref.pod.spec === pod.spec && mapsOf(ref.container.volumeMounts).some((mount) => asString(mount.mountPath) === TOKEN_PATH));
      return mounted ? [podSpecCause(resource, pod, `${resource.kind} '${resource.name}' should set 'automountServiceAccountToken' to false`)] : [];
    });
  },
});
