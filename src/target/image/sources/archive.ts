import { rm, stat } from 'node:fs/promises';
import { UserError } from '../../../errors.js';
import type { ImageSource, ImageSourceOptions } from '../types.js';
import { MAX_DOCUMENT_BYTES } from './layout-blobs.js';
import { imageFromManifest } from './layout-image.js';
import { resolveLayoutManifest } from './layout-resolve.js';
import { entryRepoTags, nameMatches } from './layout-select.js';
import { TarBlobStore } from './tar-blobs.js';
import { fileCompression, gunzipToTemp } from './tar-compression.js';
import { imageFromDockerSave, parseDockerSaveManifest, type DockerSaveItem } from './tar-docker-save.js';
import { TarIndex } from './tar-index.js';

/**
 * Opens an image archive without unpacking it: `docker save` output (legacy `<id>/layer.tar` and
 * Docker 25+ OCI), podman save, skopeo `docker-archive:` and `oci-archive:`, crane tarballs, and any
 * of these gzipped as a whole (decompressed once into `options.tempDir`, removed by close()).
 * The tar's headers are indexed once; each layer opens as a byte range of the file.
 *
 * With several images in the archive, `name` picks the one tagged so (`alpine:3.19`, or just a
 * tag of an OCI index entry); otherwise the first is used. `name` is also the `ArtifactName`
 * shown (default: the path).
 */
export async function openArchiveImage(path: string, options: ImageSourceOptions & { name?: string }): Promise<ImageSource> {
  const debug = options.onDebug ?? (() => {});
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) throw new UserError(`${path}: no such file`);
  if (info.isDirectory()) throw new UserError(`${path}: is a directory, not an image archive (an OCI image layout directory is opened as an OCI layout)`);

  const compression = await fileCompression(path);
  if (compression === 'zstd' || compression === 'bzip2' || compression === 'xz') {
    throw new UserError(`${path}: the archive is ${compression}-compressed; decompress it first (only plain and gzipped tars are read)`);
  }
  let temp: string | undefined;
  if (compression === 'gzip') {
    temp = await gunzipToTemp(path, options.tempDir, path);
    debug(`${path}: gzipped archive decompressed to ${temp}`);
  }
  const removeTemp = async (): Promise<void> => {
    if (temp !== undefined) await rm(temp, { force: true });
  };
  try {
    const tar = await TarIndex.read(temp ?? path, path);
    if (tar.unsafeNames.length > 0) debug(`${path}: ignored ${tar.unsafeNames.length} tar entries named outside the archive (${tar.unsafeNames.slice(0, 3).join(', ')})`);
    const frame = { name: options.name ?? path, kind: 'archive' as const, repoDigests: [], close: removeTemp };

    const manifestEntry = tar.findFile('manifest.json', 'manifest.json');
    if (manifestEntry !== undefined) {
      const items = parseDockerSaveManifest(await tar.readBytes(manifestEntry, MAX_DOCUMENT_BYTES, 'manifest.json'), path);
      const item = chooseItem(items, options.name, path, debug);
      return await imageFromDockerSave(tar, item, frame, debug);
    }
    if (tar.entry('index.json') !== undefined) {
      const store = new TarBlobStore(tar);
      const resolved = await resolveLayoutManifest(store, {
        ...(options.name !== undefined ? { tag: options.name, strictTag: false } : {}),
        ...(options.platform !== undefined ? { platform: options.platform } : {}),
        onDebug: debug,
      });
      debug(`${path}: using manifest ${resolved.digest}`);
      return await imageFromManifest(store, resolved.manifest, { ...frame, repoTags: resolved.entry !== undefined ? entryRepoTags(resolved.entry) : [] });
    }
    if (tar.entry('repositories') !== undefined) throw new UserError(`${path}: no manifest.json in the archive (a docker save from before Docker 1.10, which picket does not read; save the image again with a newer Docker)`);
    throw new UserError(`${path}: no manifest.json or index.json in the archive (not a docker save or OCI image archive)`);
  } catch (error) {
    await removeTemp();
    throw error;
  }
}

/** The image tagged `name` when one is; else the only one; else the first (logged). */
function chooseItem(items: DockerSaveItem[], name: string | undefined, label: string, debug: (message: string) => void): DockerSaveItem {
  if (items.length === 1) return items[0];
  if (name !== undefined) {
    const tagged = items.find((item) => item.RepoTags.some((tag) => nameMatches(tag, name)));
    if (tagged !== undefined) return tagged;
  }
  const tags = items.flatMap((item) => item.RepoTags);
  debug(`${label}: ${items.length} images in the archive${name !== undefined ? `, none tagged "${name}"` : ''}; using the first (${items[0].RepoTags.join(', ') || items[0].Config})${tags.length > 0 ? `; tags: ${tags.join(', ')}` : ''}`);
  return items[0];
}
