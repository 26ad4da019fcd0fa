import { containerStatusesOf, containersOf, podSpecOf, type K8sObject } from './objects.js';
import type { OwnerIndex } from './owners.js';
import type { PullSecretReader, RegistryLogin } from './pull-secrets.js';

/** One container image a reported workload runs. */
export interface ImageUse {
  /** The workload it is reported under (a Deployment for its Pods). */
  resource: K8sObject;
  container: string;
  /** The image as the pod spec writes it (`nginx:1.25`, `reg:5000/app@sha256:…`). */
  image: string;
  /** `sha256:…` when known without asking the registry: from the image itself or a Pod's status. */
  digest?: string;
  /** `os/arch[/variant]` of the node a Pod of it runs on, when known. */
  platform?: string;
  /** The pull secrets' logins (all registries: matched to the image's registry later). */
  logins: RegistryLogin[];
}

const DIGEST = /@(sha256:[0-9a-f]{64})$/;

/**
 * The digest a container status's `imageID` gives: `docker-pullable://repo@sha256:…`,
 * `docker.io/library/nginx@sha256:…`; a bare `sha256:…` is the local image (config) id, not a
 * registry digest, and gives none.
 */
export function digestOfImageId(imageId: string | undefined): string | undefined {
  return imageId ? DIGEST.exec(imageId.trim())?.[1] : undefined;
}

/**
 * Every container image (init and ephemeral containers too) of the workloads given, with the
 * image pull secrets of their pod specs (and service accounts), the digest when a Pod under the
 * workload reports it for the same image, and the node's platform.
 */
export async function collectImageUses(workloads: readonly K8sObject[], owners: OwnerIndex, nodePlatforms: ReadonlyMap<string, string>, pullSecrets: PullSecretReader): Promise<ImageUse[]> {
  const uses: ImageUse[] = [];
  for (const resource of workloads) {
    const spec = podSpecOf(resource);
    if (!spec) continue;
    const containers = containersOf(spec).filter(({ container }) => typeof container.image === 'string' && container.image.trim() !== '');
    if (containers.length === 0) continue;
    const logins = await pullSecrets.loginsFor(resource.metadata.namespace ?? 'default', spec);
    const pods = owners.podsOf(resource);
    for (const { container } of containers) {
      const image = container.image!.trim();
      let digest = DIGEST.exec(image)?.[1];
      let platform: string | undefined;
      for (const pod of pods) {
        const podSpec = podSpecOf(pod);
        // A Pod of an older rollout runs another image: only Pods with the same image tell its digest.
        if (!podSpec || !containersOf(podSpec).some(({ container: c }) => c.name === container.name && c.image?.trim() === image)) continue;
        platform ??= podSpec.nodeName ? nodePlatforms.get(podSpec.nodeName) : undefined;
        digest ??= digestOfImageId(containerStatusesOf(pod).find((s) => s.name === container.name)?.imageID);
        if (digest && platform) break;
      }
      uses.push({ resource, container: container.name, image, ...(digest ? { digest } : {}), ...(platform ? { platform } : {}), logins });
    }
  }
  return uses;
}

/** `linux/amd64` for each listed Node, from `status.nodeInfo` (operatingSystem, architecture). */
export function nodePlatforms(nodes: readonly K8sObject[]): Map<string, string> {
  const platforms = new Map<string, string>();
  for (const node of nodes) {
    const info = (node.status?.nodeInfo ?? {}) as { operatingSystem?: string; architecture?: string };
    if (info.operatingSystem && info.architecture) platforms.set(node.metadata.name, `${info.operatingSystem}/${info.architecture}`);
  }
  return platforms;
}
