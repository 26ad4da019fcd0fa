import { WORKLOAD_KINDS } from './kinds.js';
import { controllerOf, type K8sObject } from './objects.js';

/**
 * Who controls whom among the listed objects (ownerReferences with `controller: true`): a
 * Deployment's ReplicaSets and their Pods, a CronJob's Jobs and their Pods. The scan reports a
 * workload once, at its top listed controller (as trivy does), and reads the digests of its
 * images from the statuses of the Pods under it.
 */
export class OwnerIndex {
  private readonly byUid = new Map<string, K8sObject>();
  private readonly children = new Map<string, K8sObject[]>();

  constructor(objects: readonly K8sObject[]) {
    for (const obj of objects) if (obj.metadata.uid) this.byUid.set(obj.metadata.uid, obj);
    for (const obj of objects) {
      const owner = controllerOf(obj);
      if (!owner) continue;
      const list = this.children.get(owner.uid);
      if (list) list.push(obj);
      else this.children.set(owner.uid, [obj]);
    }
  }

  /** True when a listed workload controls `obj` (it is then reported through that workload). */
  isControlledByListedWorkload(obj: K8sObject): boolean {
    const owner = controllerOf(obj);
    return owner !== undefined && WORKLOAD_KINDS.has(owner.kind) && this.byUid.has(owner.uid);
  }

  /** The Pods under `obj` (itself when it is a Pod), through any depth of controllers. */
  podsOf(obj: K8sObject): K8sObject[] {
    if (obj.kind === 'Pod') return [obj];
    const pods: K8sObject[] = [];
    const seen = new Set<string>();
    const walk = (uid: string | undefined) => {
      if (!uid || seen.has(uid)) return;
      seen.add(uid);
      for (const child of this.children.get(uid) ?? []) {
        if (child.kind === 'Pod') pods.push(child);
        else walk(child.metadata.uid);
      }
    };
    walk(obj.metadata.uid);
    return pods;
  }
}
