/**
 * What every test image recipe shares (test-images.ts, image-alpine.ts, image-rhel.ts): the
 * description types the tests read, the machine-wide cache around a recipe, and the umoci steps
 * (repack one layer, finish the layout with config and tag, read back digests and DiffIDs).
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOnce } from './image-build-cache.js';
import { tool } from './image-tools.js';

/** Bump when any recipe (test-images.ts, image-alpine.ts, image-rhel.ts, image-big.ts) changes: images of older recipes are not reused. */
export const IMAGE_RECIPE_VERSION = 'v1';

/** One layer of a built image, bottom first. */
export interface TestLayer {
  /** Digest of the compressed blob in the OCI layout (trivy's `Layer.Digest`). */
  digest: string;
  /** sha256 of the uncompressed tar (trivy's `Layer.DiffID`). */
  diffId: string;
}

/** What every test image records about itself. */
export interface TestImage {
  /** The directory holding the outputs (in the machine-wide cache). */
  dir: string;
  /** OCI image layout directory. */
  ociLayout: string;
  /** Its tag (`org.opencontainers.image.ref.name`). */
  ociTag: string;
  /** `docker-archive` tar (uncompressed layers, `manifest.json`), when made. */
  dockerArchive?: string;
  /** The repo:tag written into the docker-archive (skopeo normalises it to `docker.io/...`). */
  dockerArchiveTag?: string;
  /** `oci-archive` tar (an OCI layout in a tar), when made. */
  ociArchive?: string;
  /** `sha256:` of the config blob (trivy's `ImageID`). */
  imageId: string;
  /** `sha256:` of the image manifest in the OCI layout. */
  manifestDigest: string;
  layers: TestLayer[];
  /** OS as trivy names it: family and the release file's version. */
  os: { family: string; name: string };
  /** Every package the OS package manager lists for the final rootfs. */
  packages: { name: string; version: string }[];
}

/** A package planted at a vulnerable version, with the finding it must produce. */
export interface PlantedPackage {
  name: string;
  version: string;
  /** Source package (what the advisory names). */
  source: string;
  /** Index into `layers` of the layer that installed it. */
  layerIndex: number;
  /** The advisory (DSA/GHSA...) and the CVE the finding shows. */
  advisoryId: string;
  vulnerabilityId: string;
  /** Empty when the advisory has no fix. */
  fixedVersion: string;
}

/** Builds an image in the machine-wide cache (once) and returns the description stored with it. */
export async function cachedImage<T extends TestImage>(name: string, build: (out: string) => Promise<T>): Promise<T> {
  const dir = await buildOnce({
    recipe: IMAGE_RECIPE_VERSION,
    name,
    build: async (out) => {
      const described = await build(out);
      // Blobs are written 0600 by umoci; tests may run as another user than the build.
      await tool('chmod', ['-R', 'a+rX', out]);
      writeFileSync(join(out, 'image.json'), JSON.stringify({ ...described, dir: undefined }, null, 2));
    },
  });
  const described = JSON.parse(readFileSync(join(dir, 'image.json'), 'utf8')) as Omit<T, 'dir'>;
  // Paths were recorded in the temporary sibling the build ran in: re-root them here.
  const reroot = (value: unknown): unknown => {
    if (typeof value === 'string' && value.includes('.tmp-')) return value.replace(/^.*?\.tmp-[^/]+/, dir);
    if (Array.isArray(value)) return value.map(reroot);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reroot(v)]));
    return value;
  };
  return { ...(reroot(described) as T), dir };
}

/** Where a recipe builds: its work dir, a new OCI layout with an empty `build` image, and that image unpacked. */
export interface Bundle {
  work: string;
  layout: string;
  image: string;
  bundle: string;
  rootfs: string;
}

/** `umoci init` + `new` + `unpack`: an empty image to add layers to, in `out/oci`, unpacked under `out/work`. */
export async function startBundle(out: string): Promise<Bundle> {
  const work = join(out, 'work');
  const layout = join(out, 'oci');
  const bundle = join(work, 'bundle');
  const image = `${layout}:build`;
  mkdirSync(work, { recursive: true });
  await tool('umoci', ['init', '--layout', layout]);
  await tool('umoci', ['new', '--image', image]);
  await tool('umoci', ['unpack', '--image', image, bundle]);
  return { work, layout, image, bundle, rootfs: join(bundle, 'rootfs') };
}

/** `umoci repack` onto the same tag, keeping the bundle in step so the next layer diffs from here. */
export async function repack(image: string, bundle: string, createdBy: string): Promise<void> {
  await tool('umoci', ['repack', '--refresh-bundle', '--history.created_by', createdBy, '--image', image, bundle]);
}

/**
 * Sets the config (Cmd, PATH), retags `build` as `tag`, drops unreferenced blobs, and reads back
 * what the tests compare with: image ID, manifest digest, layer digests and DiffIDs.
 */
export async function finishLayout(layout: string, tag: string, cmd: string[]): Promise<Pick<TestImage, 'imageId' | 'manifestDigest' | 'layers'>> {
  await tool('umoci', ['config', '--image', `${layout}:build`, '--config.env', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', ...cmd.flatMap((c) => ['--config.cmd', c])]);
  await tool('umoci', ['tag', '--image', `${layout}:build`, tag]);
  await tool('umoci', ['rm', '--image', `${layout}:build`]);
  await tool('umoci', ['gc', '--layout', layout]);
  const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
  const manifestDigest = index.manifests[0].digest;
  const blob = (digest: string) => readFileSync(join(layout, 'blobs', ...digest.split(':')), 'utf8');
  const manifest = JSON.parse(blob(manifestDigest)) as { config: { digest: string }; layers: { digest: string }[] };
  const config = JSON.parse(blob(manifest.config.digest)) as { rootfs: { diff_ids: string[] } };
  chmodSync(layout, 0o755);
  return {
    imageId: manifest.config.digest,
    manifestDigest,
    layers: manifest.layers.map((l, i) => ({ digest: l.digest, diffId: config.rootfs.diff_ids[i] })),
  };
}
