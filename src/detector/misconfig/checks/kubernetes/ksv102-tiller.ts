import { asMap, asString, causeAtNode, containerCause, containersOf, kubernetesCheck, podsOf } from './kit.js';
import type { Cause } from '../../types.js';

/** KSV-0102: Helm 2's Tiller. */
export const ksv102 = kubernetesCheck({
  id: 'KSV-0102',
  aliases: ['AVD-KSV-0102', 'KSV102', 'no-tiller', 'kubernetes-no-tiller'],
  namespace: 'builtin.kubernetes.KSV102',
  title: 'Tiller Is Deployed',
  severity: 'CRITICAL',
  description: 'Tiller, the server side of Helm 2, runs with broad cluster rights and an unauthenticated gRPC endpoint by default; Helm 3 does without it.',
  resolution: 'Migrate to Helm 3 and remove Tiller.',
  references: [],
  check(resource) {
    const causes: Cause[] = [];
    const objectIsTiller = isTillerMetadata(resource.object.metadata);
    for (const ref of containersOf(resource)) {
      if (objectIsTiller || ref.image.includes('tiller')) {
        causes.push(containerCause(resource, ref, `Container '${ref.name}' of ${resource.kindLower} '${resource.name}' runs Tiller`));
      }
    }
    for (const pod of podsOf(resource)) {
      if (pod.template !== resource.object && isTillerMetadata(pod.metadata)) {
        causes.push(causeAtNode(resource, pod.template, `The pod template of ${resource.kindLower} '${resource.name}' deploys Tiller`));
      }
    }
    return causes;
  },
});

function isTillerMetadata(value: unknown): boolean {
  const metadata = asMap(value);
  const labels = asMap(metadata?.labels);
  return (asString(metadata?.name) ?? '').includes('tiller') || asString(labels?.app) === 'helm' || asString(labels?.name) === 'tiller';
}
