import { UserError } from '../../../errors.js';
import { RegistryClient, type RegistryClientOptions } from '../../../oci/client.js';
import { resolveCredentials } from '../../../oci/credentials.js';
import { RegistryError } from '../../../oci/errors.js';
import type { RetryPolicy } from '../../../oci/http.js';
import type { Descriptor, ImageManifest } from '../../../oci/manifest.js';
import { MediaType } from '../../../oci/media-types.js';
import { DOCKER_HUB, manifestReference, parseReference, type ImageReference } from '../../../oci/reference.js';
import { formatPlatform, parsePlatform, platformMatches, type Platform } from '../platform.js';
import type { ImageConfig, ImageLayer, ImageSource, ImageSourceOptions } from '../types.js';
import { explainRegistryError, type AuthUsed } from './remote-errors.js';
import { resolveManifest } from './remote-resolve.js';

/** What `openRemoteImage` takes beyond every source's options. */
export interface RemoteImageOptions extends ImageSourceOptions {
  username?: string;
  password?: string;
  /** A bearer token sent to the registry as is (`--registry-token`); wins over user and password. */
  registryToken?: string;
  /** Plain http to registries that are not loopback, and TLS certificates that are not trusted. */
  insecure?: boolean;
  userAgent?: string;
  /** Where PICKET_USERNAME/PICKET_PASSWORD, DOCKER_CONFIG and the credential helpers' PATH come from (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Time to wait for a registry's response headers (default 60 s). */
  headersTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Time a docker credential helper may take (default 10 s). */
  credentialHelperTimeoutMs?: number;
}

/** Config blobs are small; a larger one is refused rather than buffered. */
const MAX_CONFIG_BYTES = 16 * 1024 * 1024;
const IMAGE_CONFIG_TYPES: readonly string[] = [MediaType.ociImageConfig, MediaType.dockerImageConfig];
/** Layers a registry may not hold: they carry `urls` to fetch them elsewhere. */
const FOREIGN_LAYER = /foreign|nondistributable/;

/**
 * An image in a registry (OCI distribution / Docker registry v2): the manifest by tag or digest
 * (for an index or manifest list, the entry of `options.platform`, default linux/amd64), the
 * config blob (digest verified) and the layers, each opened as a verified blob stream on demand.
 * Credentials: `registryToken`, else `username`/`password`, PICKET_USERNAME/PICKET_PASSWORD, the
 * docker config (credential helpers, `auths`); else anonymous. `repoTags`/`repoDigests` are named
 * as trivy names them (`127.0.0.1:5000/test/debian:12`; Docker Hub's `alpine:3.19`); the digest
 * is the one of what the reference names (the index, for a multi-platform image). Every failure
 * is one line naming the image and the registry.
 */
export async function openRemoteImage(reference: string, options: RemoteImageOptions): Promise<ImageSource> {
  const image = reference.trim();
  const ref = parseReference(reference);
  const platform = parsePlatform(options.platform);
  const debug = options.onDebug ?? (() => {});
  const { clientOptions, auth } = await clientSetup(ref.registry, options);
  debug(`${image}: registry ${ref.registry}, ${auth.from === undefined ? 'anonymous (no credentials found)' : `credentials from ${auth.from}`}`);
  const client = new RegistryClient(ref.registry, clientOptions);
  const explain = (err: unknown) => explainRegistryError(err, image, ref.registry, auth);

  try {
    const resolved = await resolveManifest(client, ref.repository, manifestReference(ref), platform, image, debug);
    const { manifest } = resolved;
    const config = await fetchConfig(client, ref.repository, manifest, image);
    if (resolved.platform === undefined) noteOtherPlatform(config, platform, image, debug);
    const diffIds = config.rootfs?.diff_ids ?? [];
    if (diffIds.length !== manifest.layers.length) {
      throw new UserError(`${image}: the manifest has ${manifest.layers.length} layers but the config lists ${diffIds.length} diff_ids`);
    }
    const layers = manifest.layers.map((descriptor, i) => remoteLayer(client, ref, descriptor, diffIds[i], image, explain));
    return {
      name: image,
      kind: 'remote',
      imageId: manifest.config.digest,
      config,
      ...remoteRepoNames(ref, resolved.referenceDigest),
      layers,
      close: async () => {},
    };
  } catch (err) {
    throw explain(err);
  }
}

/** Credentials and transport options for the client, and where the credentials came from. */
async function clientSetup(registry: string, options: RemoteImageOptions): Promise<{ clientOptions: RegistryClientOptions & { registryToken?: string }; auth: AuthUsed }> {
  const clientOptions: RegistryClientOptions & { registryToken?: string } = {
    insecure: options.insecure ?? false,
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    ...(options.headersTimeoutMs !== undefined ? { headersTimeoutMs: options.headersTimeoutMs } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.onDebug ? { onDebug: options.onDebug } : {}),
  };
  if (options.registryToken !== undefined && options.registryToken !== '') {
    clientOptions.registryToken = options.registryToken;
    return { clientOptions, auth: { from: '--registry-token', fix: 'check --registry-token' } };
  }
  const { credentials, source, detail } = await resolveCredentials(
    registry,
    { ...(options.username !== undefined ? { username: options.username } : {}), ...(options.password !== undefined ? { password: options.password } : {}) },
    options.env ?? process.env,
    options.credentialHelperTimeoutMs !== undefined ? { helperTimeoutMs: options.credentialHelperTimeoutMs } : {},
  );
  if (!credentials) return { clientOptions, auth: {} };
  clientOptions.credentials = credentials;
  if (source === 'flags') return { clientOptions, auth: { from: '--username/--password', fix: 'check --username/--password' } };
  if (source === 'environment') return { clientOptions, auth: { from: 'PICKET_USERNAME/PICKET_PASSWORD', fix: 'check PICKET_USERNAME/PICKET_PASSWORD' } };
  const from = source === 'credential helper' ? detail ?? 'a docker credential helper' : 'the docker config';
  return { clientOptions, auth: { from, fix: `check them or run docker login ${registry}` } };
}

/** The config blob, verified against its digest, and checked to be an image config. */
async function fetchConfig(client: RegistryClient, repository: string, manifest: ImageManifest, image: string): Promise<ImageConfig> {
  const descriptor = manifest.config;
  if (!IMAGE_CONFIG_TYPES.includes(descriptor.mediaType)) {
    throw new UserError(`${image}: not a container image (its config is ${descriptor.mediaType}${manifest.artifactType ? `, artifact type ${manifest.artifactType}` : ''})`);
  }
  const bytes = await client.getBlobBytes(repository, descriptor, MAX_CONFIG_BYTES);
  let config: unknown;
  try {
    config = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new UserError(`${image}: the config ${descriptor.digest} is not valid JSON`);
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new UserError(`${image}: the config ${descriptor.digest} is not a JSON object`);
  const rootfs = (config as ImageConfig).rootfs;
  if (rootfs !== undefined && (!Array.isArray(rootfs.diff_ids) || !rootfs.diff_ids.every((id) => typeof id === 'string'))) {
    throw new UserError(`${image}: the config ${descriptor.digest} has malformed rootfs.diff_ids`);
  }
  return config as ImageConfig;
}

/** A layer whose `open()` streams the blob from the registry as stored, digest and size verified. */
function remoteLayer(client: RegistryClient, ref: ImageReference, descriptor: Descriptor, diffId: string, image: string, explain: (err: unknown) => unknown): ImageLayer {
  return {
    digest: descriptor.digest,
    diffId,
    mediaType: descriptor.mediaType,
    size: descriptor.size,
    open: async () => {
      try {
        return await client.openBlob(ref.repository, descriptor);
      } catch (err) {
        if (err instanceof RegistryError && err.kind === 'not-found' && (FOREIGN_LAYER.test(descriptor.mediaType) || (descriptor.urls?.length ?? 0) > 0)) {
          const where = descriptor.urls?.[0] ? ` (it is meant to be downloaded from ${hostOf(descriptor.urls[0])}, which picket does not do)` : '';
          throw new RegistryError('not-found', `${image}: layer ${descriptor.digest} is a foreign (non-distributable) layer that ${ref.registry} does not hold${where}`, err.status);
        }
        throw explain(err);
      }
    },
  };
}

/** A single-platform image is used whatever --platform says; the debug log tells when they differ. */
function noteOtherPlatform(config: ImageConfig, wanted: Platform, image: string, debug: (message: string) => void): void {
  if (typeof config.os !== 'string' || typeof config.architecture !== 'string') return;
  const actual = { os: config.os, architecture: config.architecture, ...(typeof config.variant === 'string' && config.variant !== '' ? { variant: config.variant } : {}) };
  if (!platformMatches(actual, wanted)) debug(`${image}: a single-platform image for ${formatPlatform(actual)}, not ${formatPlatform(wanted)}; using it`);
}

/**
 * RepoTags and RepoDigests as trivy names them: `registry/repository:tag` (a tag only when the
 * reference has no digest) and `registry/repository@digest`; Docker Hub's repositories without
 * the registry and without `library/` (`alpine:3.19`, `bitnami/nginx@sha256:…`).
 */
export function remoteRepoNames(ref: ImageReference, digest: string): { repoTags: string[]; repoDigests: string[] } {
  const repository = ref.registry === DOCKER_HUB ? ref.repository.replace(/^library\//, '') : `${ref.registry}/${ref.repository}`;
  return {
    repoTags: ref.tag !== undefined && ref.digest === undefined ? [`${repository}:${ref.tag}`] : [],
    repoDigests: [`${repository}@${digest}`],
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'elsewhere';
  }
}
