import { stringify } from 'yaml';
import type { K8sObject } from './objects.js';

/** kubectl's copy of the applied manifest: the object again, as JSON (would double every finding). */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * The object as a manifest the checks read: YAML of what the API served, without `status`, the
 * server's bookkeeping (`managedFields`, `resourceVersion`, `uid`, `generation`,
 * `creationTimestamp`) and kubectl's last-applied copy. Line numbers in findings refer to it.
 */
export function manifestYaml(obj: K8sObject): string {
  const { status: _status, ...rest } = obj;
  const { managedFields: _m, resourceVersion: _r, uid: _u, generation: _g, creationTimestamp: _c, ...metadata } = obj.metadata;
  if (metadata.annotations && LAST_APPLIED in metadata.annotations) {
    const { [LAST_APPLIED]: _last, ...annotations } = metadata.annotations;
    if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
    else delete metadata.annotations;
  }
  return stringify({ ...rest, metadata }, { lineWidth: 0 });
}
