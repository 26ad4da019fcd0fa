/**
 * The `docker` and `podman` image sources: an image the local container engine holds, read over
 * its Engine API (`/images/{name}/json` to inspect, `/images/{name}/get` to export it as a
 * `docker save` tar, which the archive source then reads). podman's Docker-compatible socket
 * speaks the same API, so one implementation serves both.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { UserError } from '../../../errors.js';
import type { ImageSource, ImageSourceOptions } from '../types.js';
import { openArchiveImage } from './archive.js';
import { engineGet, EngineConnectionError, readErrorMessage, readJson } from './engine-client.js';
import { EngineError, EngineUnavailableError, ImageNotFoundError } from './engine-errors.js';
import { defaultDockerHost, defaultPodmanHost, parseEngineHost, type EngineEndpoint } from './engine-host.js';

export { EngineError, EngineUnavailableError, ImageNotFoundError, isEngineMiss } from './engine-errors.js';
export { defaultDockerHost, defaultPodmanHost } from './engine-host.js';

/** Options of the engine source: where the engine listens, and which engine it is. */
export interface DockerEngineOptions extends ImageSourceOptions {
  /** `unix:///path.sock` or `tcp://host:port`; default DOCKER_HOST, else `/var/run/docker.sock` (podman: its socket). */
  host?: string;
  /** Which engine the socket belongs to, for messages and `ImageSource.kind`; default `docker`. */
  engine?: 'docker' | 'podman';
}

/** How long the engine may take to start answering an inspect (exports have no limit: `docker save` answers only when its tar is ready). */
const INSPECT_TIMEOUT_MS = 30_000;

/**
 * Opens `reference` (a name[:tag], name@digest, image id or short id, as `docker images` shows
 * them) from the engine at `options.host`. Throws ImageNotFoundError when the engine does not have
 * it and EngineUnavailableError when the engine cannot be reached, so the caller may try the next
 * source; other failures are EngineError. close() removes the exported tar.
 */
export async function openDockerEngineImage(reference: string, options: DockerEngineOptions): Promise<ImageSource> {
  const engine = options.engine ?? 'docker';
  const engineName = engine === 'podman' ? 'podman' : 'the Docker engine';
  checkReference(reference, engineName);
  const host = options.host?.trim() || (engine === 'podman' ? defaultPodmanHost() : defaultDockerHost());
  const parsed = parseEngineHost(host);
  if ('unsupported' in parsed) throw new EngineUnavailableError(host.replace(/\/\/[^@/]*@/, '//'), `cannot use ${engineName} for image "${reference}": ${parsed.unsupported}`);
  const endpoint: EngineEndpoint = parsed;
  const where = `${engineName} at ${endpoint.label}`;
  const debug = options.onDebug ?? (() => {});

  const inspect = await inspectImage(endpoint, reference, where);
  debug(`${engine}: ${reference} is ${inspect.id} in ${where}`);

  await mkdir(options.tempDir, { recursive: true });
  const file = join(options.tempDir, `engine-image-${randomBytes(8).toString('hex')}.tar`);
  try {
    // By id, not by the reference: the image cannot change between inspect and export.
    await exportImage(endpoint, inspect.id, file, reference, where);
    debug(`${engine}: exported ${reference} (${(await stat(file)).size} bytes) to ${file}`);
    const archive = await openArchiveImage(file, { tempDir: options.tempDir, name: reference, ...(options.platform !== undefined ? { platform: options.platform } : {}), ...(options.onDebug ? { onDebug: options.onDebug } : {}) }).catch((err: unknown) => {
      // The archive reader names the temporary file; the user knows the image and the engine.
      if (err instanceof UserError) throw new EngineError(`${where} exported image "${reference}" as a tar picket cannot read: ${err.message.replace(`${file}: `, '')}`);
      throw err;
    });
    return {
      ...archive,
      name: reference,
      kind: engine,
      imageId: inspect.id,
      repoTags: inspect.repoTags,
      repoDigests: inspect.repoDigests,
      close: async () => {
        try {
          await archive.close();
        } finally {
          await rm(file, { force: true });
        }
      },
    };
  } catch (err) {
    await rm(file, { force: true });
    throw err;
  }
}

interface InspectAnswer {
  id: string;
  repoTags: string[];
  repoDigests: string[];
}

async function inspectImage(endpoint: EngineEndpoint, reference: string, where: string): Promise<InspectAnswer> {
  const res = await request(endpoint, `/images/${encodeReference(reference)}/json`, reference, where, INSPECT_TIMEOUT_MS);
  if (res.statusCode === 404) {
    res.resume();
    throw new ImageNotFoundError(reference, endpoint.label, `image "${reference}" not found in ${where}`);
  }
  if (res.statusCode !== 200) throw new EngineError(`${where} failed to inspect image "${reference}": HTTP ${res.statusCode}: ${await readErrorMessage(res)}`);
  const body = await readJson(res).catch((err: unknown) => {
    throw unavailable(err, reference, endpoint, where);
  });
  const answer = body as { Id?: unknown; RepoTags?: unknown; RepoDigests?: unknown };
  const id = typeof answer.Id === 'string' ? normaliseId(answer.Id) : undefined;
  if (id === undefined) throw new EngineError(`${where} answered the inspect of image "${reference}" without an image id`);
  return { id, repoTags: names(answer.RepoTags, '<none>:<none>'), repoDigests: names(answer.RepoDigests, '<none>@<none>') };
}

/** Streams `/images/{id}/get` into `file`. */
async function exportImage(endpoint: EngineEndpoint, id: string, file: string, reference: string, where: string): Promise<void> {
  const res = await request(endpoint, `/images/${encodeReference(id)}/get`, reference, where);
  if (res.statusCode === 404) {
    res.resume();
    throw new ImageNotFoundError(reference, endpoint.label, `image "${reference}" was removed from ${where} before it could be exported`);
  }
  if (res.statusCode !== 200) throw new EngineError(`${where} failed to export image "${reference}": HTTP ${res.statusCode}: ${await readErrorMessage(res)}`);
  try {
    await pipeline(res, createWriteStream(file));
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new EngineError(`exporting image "${reference}" from ${where} to ${file} failed: ${why}`);
  }
}

async function request(endpoint: EngineEndpoint, path: string, reference: string, where: string, idleTimeoutMs?: number) {
  try {
    return await engineGet(endpoint, path, idleTimeoutMs);
  } catch (err) {
    throw unavailable(err, reference, endpoint, where);
  }
}

function unavailable(err: unknown, reference: string, endpoint: EngineEndpoint, where: string): Error {
  if (!(err instanceof EngineConnectionError)) return err instanceof Error ? err : new Error(String(err));
  return new EngineUnavailableError(endpoint.label, `cannot reach ${where} for image "${reference}": ${err.reason}`);
}

/** Docker answers `sha256:<hex>`; older podman compat answers a bare hex id. */
function normaliseId(id: string): string | undefined {
  if (/^[a-z0-9]+:[a-f0-9]{32,}$/.test(id)) return id;
  if (/^[a-f0-9]{64}$/.test(id)) return `sha256:${id}`;
  return undefined;
}

function names(value: unknown, none: string): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== none) : [];
}

// Names, tags, digests and ids use only these characters; anything else cannot name an image and
// must not reach the request path.
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._\-/:]*(?:@[A-Za-z0-9]+(?:[.+_-][A-Za-z0-9]+)*:[A-Za-z0-9=_-]+)?$/;

function checkReference(reference: string, engineName: string): void {
  if (REFERENCE.test(reference)) return;
  // Not echoed when an "@" is not followed by a digest: the text before it may be user:password.
  if (reference.includes('@')) throw new EngineError(`invalid image reference for ${engineName}: "@" must be followed by a digest like sha256:<hex> (credentials do not belong in a reference)`);
  throw new EngineError(`invalid image reference "${reference}" for ${engineName}`);
}

/** Path-escapes what a reference may hold that is not safe in a request path (`/` and `:` stay, as the docker CLI sends them). */
function encodeReference(reference: string): string {
  return reference.split('/').map((part) => encodeURIComponent(part).replace(/%3A/gi, ':').replace(/%40/g, '@')).join('/');
}
