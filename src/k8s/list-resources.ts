import { K8sApiError } from './api-error.js';
import type { ClusterClient } from './cluster-client.js';
import type { KindSpec } from './kinds.js';
import { mapLimit } from './map-limit.js';
import type { K8sObject } from './objects.js';

/** Which namespaces a scan covers: some by name, or every one but the excluded. */
export interface NamespaceSelection {
  /** List in these namespaces only (one request per namespace and kind); undefined = every namespace. */
  only?: string[];
  exclude: ReadonlySet<string>;
}

/**
 * `--namespace NS` or `--include-namespaces a,b` (listed one by one, so a user allowed in those
 * namespaces only can scan them), minus `--exclude-namespaces`.
 */
export function selectNamespaces(options: { namespace?: string; include?: readonly string[]; exclude?: readonly string[] }): NamespaceSelection {
  const exclude = new Set(options.exclude ?? []);
  const named = [...(options.namespace ? [options.namespace] : []), ...(options.include ?? [])];
  return named.length > 0 ? { only: [...new Set(named)].filter((ns) => !exclude.has(ns)), exclude } : { exclude };
}

export interface ListResourcesOptions {
  kinds: readonly KindSpec[];
  namespaces: NamespaceSelection;
  /**
   * Cluster-scoped kinds (ClusterRoles, bindings, Nodes) are listed when the scan covers every
   * namespace, or when named here (from --include-kinds).
   */
  explicitKinds?: ReadonlySet<string>;
  /** Items per list request (the server pages with `continue`); default 500. */
  pageSize?: number;
  /** List requests in flight at once; default 4. */
  concurrency?: number;
  onWarning?: (message: string) => void;
  onDebug?: (message: string) => void;
}

/**
 * Lists the objects of the chosen kinds and namespaces, page by page. A kind the server does not
 * serve (404) is skipped quietly; one the credentials may not list (403) is skipped with a
 * warning, as the rest of the cluster can still be scanned. Other failures (unreachable, 401)
 * stop the scan. Objects come back with `kind` and `apiVersion` set.
 */
export async function listResources(client: ClusterClient, options: ListResourcesOptions): Promise<K8sObject[]> {
  const requests: { spec: KindSpec; path: string; where: string }[] = [];
  for (const spec of options.kinds) {
    if (!spec.namespaced) {
      if (options.namespaces.only === undefined || options.explicitKinds?.has(spec.kind)) requests.push({ spec, path: `${spec.apiPath}/${spec.plural}`, where: '' });
    } else if (options.namespaces.only === undefined) {
      requests.push({ spec, path: `${spec.apiPath}/${spec.plural}`, where: ' in any namespace' });
    } else {
      for (const ns of options.namespaces.only) requests.push({ spec, path: `${spec.apiPath}/namespaces/${encodeURIComponent(ns)}/${spec.plural}`, where: ` in namespace ${ns}` });
    }
  }
  const lists = await mapLimit(requests, options.concurrency ?? 4, async ({ spec, path, where }) => {
    try {
      const items = await listAll(client, path, options.pageSize ?? 500);
      options.onDebug?.(`kubernetes: ${items.length} ${spec.plural}${where}`);
      return items.map((item) => withKind(item, spec)).filter((o) => !o.metadata.namespace || !options.namespaces.exclude.has(o.metadata.namespace));
    } catch (err) {
      if (err instanceof K8sApiError && err.status === 404) {
        options.onDebug?.(`kubernetes: ${spec.plural} not served by the cluster: skipped`);
        return [];
      }
      if (err instanceof K8sApiError && err.status === 403) {
        options.onWarning?.(`kubernetes: not allowed to list ${spec.plural}${where}: skipped (${err.message})`);
        return [];
      }
      throw err;
    }
  });
  return lists.flat();
}

interface ListAnswer {
  items?: K8sObject[];
  metadata?: { continue?: string };
}

/** Every item of a list path, following `continue` tokens page by page. */
export async function listAll(client: ClusterClient, path: string, pageSize = 500): Promise<K8sObject[]> {
  const items: K8sObject[] = [];
  let token: string | undefined;
  do {
    const page = await client.getJson<ListAnswer>(path, { limit: String(pageSize), ...(token ? { continue: token } : {}) });
    items.push(...(Array.isArray(page.items) ? page.items : []));
    token = page.metadata?.continue || undefined;
  } while (token);
  return items;
}

/** Lists leave `kind` and `apiVersion` out of their items; the scan reports them. */
function withKind(item: K8sObject, spec: KindSpec): K8sObject {
  return {
    ...item,
    apiVersion: item.apiVersion ?? spec.apiPath.replace(/^\/apis?\//, ''),
    kind: item.kind ?? spec.kind,
    metadata: item.metadata ?? { name: '' },
  };
}
