import { eachContainer, kubernetesCheck, WORKLOADS } from './kit.js';

/** KSV-0013: images without a tag or with `:latest`. */
export const ksv013 = kubernetesCheck({
  id: 'KSV-0013',
  aliases: ['AVD-KSV-0013', 'KSV013', 'use-specific-tags', 'kubernetes-use-specific-tags'],
  namespace: 'builtin.kubernetes.KSV013',
  title: 'Image tag ":latest" used',
  severity: 'MEDIUM',
  description: 'An image without a tag, or tagged latest, can change between two pod starts: nodes may run different versions and rollbacks do not restore anything.',
  resolution: "Use a specific image tag (not 'latest'), or a digest.",
  references: ['https://kubernetes.io/docs/concepts/configuration/overview/#container-images'],
  kinds: WORKLOADS,
  check: (resource) => eachContainer(resource, (ref) => !isPinned(ref.image), 'should use an image with a specific tag or digest'),
});

/** True for images with a digest, or a tag other than `latest` (a registry port is not a tag). */
function isPinned(image: string): boolean {
  if (image.includes('@')) return true;
  const last = image.split('/').pop() ?? '';
  const colon = last.lastIndexOf(':');
  return colon >= 0 && last.slice(colon + 1) !== 'latest';
}
