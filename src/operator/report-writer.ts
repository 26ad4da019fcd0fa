import { createHash } from 'node:crypto';
import { K8sApiError } from '../k8s/api-error.js';
import type { ClusterClient } from '../k8s/cluster-client.js';
import { REPORT_GROUP_PATH, REPORT_KINDS, type ReportKind } from './report-names.js';
import type { ReportResource } from './report-resources.js';

const FIELD_MANAGER = 'picket-operator';

function pathOf(kind: ReportKind, namespace: string | undefined, name: string): string {
  return `${REPORT_GROUP_PATH}${namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${REPORT_KINDS[kind]}/${encodeURIComponent(name)}`;
}

/**
 * Writes report resources with server-side apply (field manager `picket-operator`), skipping a
 * write when the resource's content is what was last written (its timestamp aside), and deletes
 * them (a resource already gone is fine).
 */
export class ReportWriter {
  /** `Kind/namespace/name` -> hash of the content last written. */
  private readonly written = new Map<string, string>();
  writes = 0;

  constructor(private readonly client: ClusterClient) {}

  /** True when the resource was written (its content changed). */
  async apply(resource: ReportResource): Promise<boolean> {
    const id = `${resource.kind}/${resource.metadata.namespace ?? ''}/${resource.metadata.name}`;
    const { updateTimestamp: _, ...content } = resource.report;
    const hash = createHash('sha256').update(JSON.stringify({ ...resource, report: content })).digest('hex');
    if (this.written.get(id) === hash) return false;
    await this.client.send(pathOf(resource.kind, resource.metadata.namespace, resource.metadata.name), {
      method: 'PATCH', body: resource, contentType: 'application/apply-patch+yaml',
    }, { fieldManager: FIELD_MANAGER, force: 'true' });
    this.written.set(id, hash);
    this.writes++;
    return true;
  }

  async remove(kind: ReportKind, namespace: string | undefined, name: string): Promise<void> {
    this.written.delete(`${kind}/${namespace ?? ''}/${name}`);
    try {
      await this.client.send(pathOf(kind, namespace, name), { method: 'DELETE' });
    } catch (err) {
      if (!(err instanceof K8sApiError && err.status === 404)) throw err;
    }
  }
}
