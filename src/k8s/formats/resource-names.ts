import type { K8sResource } from '../report.js';

/** `namespace/Kind/name` (`Kind/name` for cluster-scoped objects): how the k8s outputs name a resource. */
export function resourcePath(resource: Pick<K8sResource, 'Namespace' | 'Kind' | 'Name'>): string {
  return `${resource.Namespace ? `${resource.Namespace}/` : ''}${resource.Kind}/${resource.Name}`;
}

/** The image of an image entry, as the workload names it (`Metadata.Image`); undefined for an object's own entry. */
export function imageOfEntry(resource: K8sResource): string | undefined {
  const image = resource.Metadata?.Image;
  return typeof image === 'string' ? image : undefined;
}
