import { K8sApiError } from './api-error.js';
import type { ClusterClient } from './cluster-client.js';
import type { K8sObject, PodSpec } from './objects.js';

/** A registry user and password from an image pull secret; `from` names the secret (never its content). */
export interface RegistryLogin {
  /** As image references name it: `docker.io`, `ghcr.io`, `127.0.0.1:5000`. */
  registry: string;
  username: string;
  password: string;
  /** `namespace/secret-name`. */
  from: string;
}

const DOCKER_HUB_KEYS = new Set(['index.docker.io', 'registry-1.docker.io', 'docker.io']);

/**
 * The registry an `auths` key names, as a reference's registry part: scheme and path dropped
 * (`https://index.docker.io/v1/` is Docker Hub, `docker.io`), host and port kept.
 */
export function registryOfAuthKey(key: string): string {
  const host = key.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
  return DOCKER_HUB_KEYS.has(host) ? 'docker.io' : host;
}

interface AuthEntry {
  username?: string;
  password?: string;
  auth?: string;
}

/**
 * The logins a Secret of type `kubernetes.io/dockerconfigjson` (`.dockerconfigjson`: `{auths:
 * {...}}`) or `kubernetes.io/dockercfg` (`.dockercfg`: the `auths` map itself) holds; entries
 * with `auth` (base64 `user:password`) or `username`/`password`. Anything else gives none.
 */
export function loginsOfSecret(secret: K8sObject): RegistryLogin[] {
  const data = (secret.data ?? {}) as Record<string, string>;
  const from = `${secret.metadata.namespace ?? ''}/${secret.metadata.name}`;
  let auths: Record<string, AuthEntry> | undefined;
  try {
    if (secret.type === 'kubernetes.io/dockerconfigjson' && typeof data['.dockerconfigjson'] === 'string') {
      auths = (JSON.parse(Buffer.from(data['.dockerconfigjson'], 'base64').toString('utf8')) as { auths?: Record<string, AuthEntry> }).auths;
    } else if (secret.type === 'kubernetes.io/dockercfg' && typeof data['.dockercfg'] === 'string') {
      auths = JSON.parse(Buffer.from(data['.dockercfg'], 'base64').toString('utf8')) as Record<string, AuthEntry>;
    }
  } catch {
    return [];
  }
  const logins: RegistryLogin[] = [];
  for (const [key, entry] of Object.entries(auths ?? {})) {
    if (!entry || typeof entry !== 'object') continue;
    let { username, password } = entry;
    if ((!username || !password) && typeof entry.auth === 'string') {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) [username, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
    }
    if (username && password) logins.push({ registry: registryOfAuthKey(key), username, password, from });
  }
  return logins;
}

/**
 * Reads the image pull secrets of pod specs, each Secret and ServiceAccount once: the pod's own
 * `imagePullSecrets` and those of its service account (as the kubelet uses both). A secret that
 * cannot be read is a warning (once), and the images are tried with the other credentials.
 */
export class PullSecretReader {
  private readonly secrets = new Map<string, Promise<RegistryLogin[]>>();
  private readonly accounts = new Map<string, Promise<string[]>>();

  constructor(private readonly client: ClusterClient, private readonly onWarning: (message: string) => void = () => {}, private readonly onDebug: (message: string) => void = () => {}) {}

  /** Every login the pod spec may pull with, pod secrets first, then the service account's. */
  async loginsFor(namespace: string, spec: PodSpec): Promise<RegistryLogin[]> {
    const own = (spec.imagePullSecrets ?? []).map((s) => s?.name).filter((n): n is string => typeof n === 'string' && n !== '');
    const fromAccount = await this.accountSecrets(namespace, spec.serviceAccountName || 'default');
    const names = [...new Set([...own, ...fromAccount])];
    return (await Promise.all(names.map((name) => this.secretLogins(namespace, name)))).flat();
  }

  private accountSecrets(namespace: string, account: string): Promise<string[]> {
    const key = `${namespace}/${account}`;
    let found = this.accounts.get(key);
    if (!found) {
      found = this.client.getJson<K8sObject>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/serviceaccounts/${encodeURIComponent(account)}`)
        .then((sa) => (Array.isArray(sa.imagePullSecrets) ? (sa.imagePullSecrets as { name?: string }[]) : []).map((s) => s?.name).filter((n): n is string => typeof n === 'string' && n !== ''))
        .catch((err: unknown) => {
          if (!(err instanceof K8sApiError)) throw err;
          this.onDebug(`kubernetes: service account ${key}: ${err.message}`);
          return [];
        });
      this.accounts.set(key, found);
    }
    return found;
  }

  private secretLogins(namespace: string, name: string): Promise<RegistryLogin[]> {
    const key = `${namespace}/${name}`;
    let found = this.secrets.get(key);
    if (!found) {
      found = this.client.getJson<K8sObject>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets/${encodeURIComponent(name)}`)
        .then((secret) => {
          const logins = loginsOfSecret({ ...secret, metadata: { ...secret.metadata, namespace, name } });
          if (logins.length === 0) this.onWarning(`kubernetes: image pull secret ${key} holds no registry login (type ${String(secret.type)}): not used`);
          return logins;
        })
        .catch((err: unknown) => {
          if (!(err instanceof K8sApiError)) throw err;
          this.onWarning(`kubernetes: image pull secret ${key} cannot be read (${err.status === 404 ? 'not found' : err.status === 403 ? 'forbidden' : `HTTP ${err.status}`}): images are pulled without it`);
          return [];
        });
      this.secrets.set(key, found);
    }
    return found;
  }
}
