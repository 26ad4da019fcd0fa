import { RegistryClient } from '../oci/client.js';
import { resolveCredentials, type Credentials } from '../oci/credentials.js';
import { RegistryError } from '../oci/errors.js';
import { manifestReference, type ImageReference } from '../oci/reference.js';
import { explainRegistryError } from '../target/image/sources/remote-errors.js';
import type { DigestResolver } from './image-plan.js';
import type { RegistryLogin } from './pull-secrets.js';

/** How registries are reached: the same settings as `picket image` (plain http only for loopback unless insecure). */
export interface RegistryAccessOptions {
  insecure: boolean;
  userAgent: string;
  /** Where PICKET_USERNAME/PICKET_PASSWORD and the docker config come from when no pull secret applies. */
  env?: NodeJS.ProcessEnv;
  onDebug?: (message: string) => void;
}

/**
 * Runs `attempt` with each image pull secret login for the registry in turn, then without (the
 * environment and docker config, as `picket image` does), until one is not refused. A refusal
 * of every login is one line naming the secrets that were tried (never their content).
 */
export async function withLogins<T>(image: string, registry: string, logins: readonly RegistryLogin[], attempt: (login: RegistryLogin | undefined) => Promise<T>): Promise<T> {
  const refused: string[] = [];
  for (const login of [...logins, undefined]) {
    try {
      return await attempt(login);
    } catch (err) {
      if (!(err instanceof RegistryError) || err.kind !== 'unauthorized') {
        if (refused.length > 0 && err instanceof RegistryError) throw new RegistryError(err.kind, `${err.message} (after ${registry} refused the logins of image pull secrets ${refused.join(', ')})`, err.status);
        throw err;
      }
      if (login === undefined) {
        if (refused.length === 0) throw err;
        throw new RegistryError('unauthorized', `${image}: ${registry} refused the logins of image pull secrets ${refused.join(', ')} and the credentials of the environment`, err.status);
      }
      refused.push(login.from);
    }
  }
  throw new Error('unreachable');
}

/** Resolves tags to digests with a manifest GET (the digest of the index or manifest the tag names). */
export function createDigestResolver(options: RegistryAccessOptions): DigestResolver {
  return async (ref: ImageReference, logins: RegistryLogin[]) => {
    const image = `${ref.registry}/${ref.repository}:${manifestReference(ref)}`;
    return withLogins(image, ref.registry, logins, async (login) => {
      const { credentials, from } = login
        ? { credentials: { username: login.username, password: login.password } as Credentials, from: `image pull secret ${login.from}` }
        : await ambientCredentials(ref.registry, options.env ?? process.env);
      const client = new RegistryClient(ref.registry, {
        insecure: options.insecure,
        userAgent: options.userAgent,
        ...(credentials ? { credentials } : {}),
        ...(options.onDebug ? { onDebug: options.onDebug } : {}),
      });
      try {
        return (await client.getManifest(ref.repository, manifestReference(ref))).digest;
      } catch (err) {
        throw explainRegistryError(err, image, ref.registry, from ? { from, fix: login ? `check the secret ${login.from}` : `check them or run docker login ${ref.registry}` } : {});
      }
    });
  };
}

async function ambientCredentials(registry: string, env: NodeJS.ProcessEnv): Promise<{ credentials?: Credentials; from?: string }> {
  const found = await resolveCredentials(registry, {}, env);
  if (!found.credentials) return {};
  return { credentials: found.credentials, from: found.source === 'environment' ? 'PICKET_USERNAME/PICKET_PASSWORD' : found.detail ?? 'the docker config' };
}
