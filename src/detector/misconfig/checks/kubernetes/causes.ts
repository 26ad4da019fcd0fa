/** Where Kubernetes check failures point: a container, the pod spec, the metadata, an RBAC rule. */
import type { K8sResource } from '../../kubernetes/resource.js';
import type { RbacRule } from '../../kubernetes/rbac.js';
import type { ContainerRef, PodRef } from '../../kubernetes/workload.js';
import { containersOf, describeContainer } from '../../kubernetes/workload.js';
import type { Cause } from '../../types.js';

/** A failure at the lines of `node` (any mapping or list of the object), or without lines. */
export function causeAtNode(resource: K8sResource, node: unknown, message: string): Cause {
  const lines = resource.linesOf(node);
  return lines ? { message, startLine: lines.startLine, endLine: lines.endLine } : { message };
}

/** A failure at a container. */
export function containerCause(resource: K8sResource, ref: ContainerRef, message: string): Cause {
  return causeAtNode(resource, ref.container, message);
}

/** A failure at the object's `spec`. */
export function specCause(resource: K8sResource, message: string): Cause {
  return causeAtNode(resource, resource.object.spec ?? resource.object, message);
}

/** A failure at a pod's spec (the Pod's `spec` or the template's `spec`). */
export function podSpecCause(resource: K8sResource, pod: PodRef, message: string): Cause {
  return causeAtNode(resource, pod.spec, message);
}

/** A failure at the object's `metadata`. */
export function metadataCause(resource: K8sResource, message: string): Cause {
  return causeAtNode(resource, resource.object.metadata ?? resource.object, message);
}

/** A failure at an RBAC rule. */
export function ruleCause(resource: K8sResource, rule: RbacRule, message: string): Cause {
  return causeAtNode(resource, rule.node, message);
}

/** One failure per container for which `failing` holds; the message is `<container> <text>`. */
export function eachContainer(resource: K8sResource, failing: (ref: ContainerRef) => boolean, text: string): Cause[] {
  return containersOf(resource)
    .filter(failing)
    .map((ref) => containerCause(resource, ref, `${describeContainer(resource, ref)} ${text}`));
}
