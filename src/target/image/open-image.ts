import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import type { ImageSource, ImageSourceOptions } from './types.js';

export interface OpenImageOptions {
  /** `--input`: an archive file or an OCI layout directory (`DIR[:tag|@sha256:…]`). */
  input?: string;
  /** `--image-src`, in order: docker, podman, remote. */
  sources: string[];
  platform?: string;
  dockerHost?: string;
  podmanHost?: string;
  username?: string;
  password?: string;
  registryToken?: string;
  insecure?: boolean;
  userAgent?: string;
  /** Temporary files go under `<cacheDir>/tmp/` and are removed on close(). */
  cacheDir: string;
  onDebug?: (message: string) => void;
}

/**
 * Finds the image the user named: a file given with --input, else each --image-src in turn (as
 * trivy does: the local engines first, then the registry). An engine that is not running or does
 * not have the image passes to the next source; the final error names what each source said.
 */
export async function openImage(reference: string | undefined, options: OpenImageOptions): Promise<ImageSource> {
  await mkdir(join(options.cacheDir, 'tmp'), { recursive: true, mode: 0o700 });
  const tempDir = await mkdtemp(join(options.cacheDir, 'tmp', 'image-'));
  const base: ImageSourceOptions = {
    tempDir,
    ...(options.platform ? { platform: options.platform } : {}),
    ...(options.onDebug ? { onDebug: options.onDebug } : {}),
  };
  try {
    const source = options.input !== undefined ? await openInput(options.input, base) : await openByReference(reference, options, base);
    const close = source.close.bind(source);
    return { ...source, close: async () => { await close(); await rm(tempDir, { recursive: true, force: true }); } };
  } catch (err) {
    await rm(tempDir, { recursive: true, force: true });
    throw err;
  }
}

async function openInput(input: string, options: ImageSourceOptions): Promise<ImageSource> {
  const whole = await stat(input).catch(() => undefined);
  if (whole?.isFile()) return (await import('./sources/archive.js')).openArchiveImage(input, { ...options, name: input });
  // Otherwise an OCI layout: DIR, DIR:tag, DIR:registry/repo:tag or DIR@sha256:… (it finds the directory part).
  return (await import('./sources/oci-layout.js')).openOciLayoutImage(input, options);
}

async function openByReference(reference: string | undefined, options: OpenImageOptions, base: ImageSourceOptions): Promise<ImageSource> {
  if (!reference) throw new UserError('give an image reference, or a file with --input');
  const misses: string[] = [];
  for (const kind of options.sources) {
    if (kind === 'remote') {
      const { openRemoteImage } = await import('./sources/remote.js');
      try {
        return await openRemoteImage(reference, {
          ...base,
          ...(options.username !== undefined ? { username: options.username } : {}),
          ...(options.password !== undefined ? { password: options.password } : {}),
          ...(options.registryToken !== undefined ? { registryToken: options.registryToken } : {}),
          ...(options.insecure ? { insecure: true } : {}),
          ...(options.userAgent ? { userAgent: options.userAgent } : {}),
        });
      } catch (err) {
        if (misses.length === 0 || !(err instanceof UserError)) throw err;
        misses.push(`remote: ${err.message}`);
        continue;
      }
    }
    const engine = kind === 'podman' ? 'podman' : 'docker';
    const { openDockerEngineImage, isEngineMiss, defaultPodmanHost } = await import('./sources/docker-engine.js');
    const host = engine === 'podman' ? options.podmanHost ?? defaultPodmanHost() : options.dockerHost;
    try {
      return await openDockerEngineImage(reference, { ...base, engine, ...(host ? { host } : {}) });
    } catch (err) {
      if (!isEngineMiss(err)) throw err;
      options.onDebug?.(`${engine}: ${err.message}`);
      misses.push(`${engine}: ${err.message}`);
    }
  }
  throw new UserError(`image ${reference} not found: ${misses.join('; ')}`);
}
