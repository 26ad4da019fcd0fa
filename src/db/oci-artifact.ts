import { mkdir, rm, stat } from 'node:fs/promises';
import { exportDatabase, importDatabase, sha256File, type ArchiveMetadata } from './archive.js';
import { temporaryDbPath } from './install.js';
import { SCHEMA_VERSION } from './schema.js';
import { databasePath } from './store.js';
import { UserError } from '../errors.js';
import { RegistryClient, type RegistryClientOptions } from '../oci/client.js';
import type { Credentials } from '../oci/credentials.js';
import { sha256Digest } from '../oci/digest.js';
import { RegistryError } from '../oci/errors.js';
import type { ImageManifest } from '../oci/manifest.js';
import { encodeManifest } from '../oci/manifest.js';
import { MediaType } from '../oci/media-types.js';
import { manifestReference, parseReference, type ImageReference } from '../oci/reference.js';

/**
 * The advisory DB as an OCI artifact: an image manifest whose config is the archive's
 * metadata.json and whose single layer is the archive `exportDatabase` writes.
 */
export const DbArtifactMediaType = {
  config: 'application/vnd.picket.db.config.v1+json',
  layer: 'application/vnd.picket.db.layer.v1.tar+gzip',
} as const;

const SCHEME = 'oci://';

export interface DbArtifactOptions extends Pick<RegistryClientOptions, 'insecure' | 'userAgent' | 'onDebug' | 'retry'> {
  dbDir: string;
  /** `oci://REGISTRY/REPOSITORY:TAG` as the user wrote it. */
  location: string;
  credentials?: Credentials;
}

/** `oci://127.0.0.1:5000/picket/db:1` -> the reference after the scheme. */
export function parseDbArtifactLocation(location: string): ImageReference {
  if (!location.startsWith(SCHEME)) throw new UserError(`${location}: expected oci://REGISTRY/REPOSITORY:TAG`);
  return parseReference(location.slice(SCHEME.length));
}

/**
 * Exports the DB to a temporary file beside it, uploads the archive and its metadata as blobs
 * and tags a manifest pointing at them. Returns the manifest digest.
 */
export async function pushDatabaseArtifact(options: DbArtifactOptions): Promise<{ digest: string; metadata: ArchiveMetadata }> {
  const ref = parseDbArtifactLocation(options.location);
  if (ref.digest !== undefined) throw new UserError(`${options.location}: push needs a tag, not a digest (the digest is known after the push)`);
  const client = new RegistryClient(ref.registry, options);
  const current = databasePath(options.dbDir);
  if (!(await stat(current).catch(() => undefined))) throw new UserError(`no advisory DB at ${current} to push: run "picket db build" first`);
  const archive = temporaryDbPath(options.dbDir, 'push');
  try {
    const metadata = await exportDatabase(options.dbDir, archive);
    return await explained(options, async () => {
      const config = Buffer.from(JSON.stringify(metadata));
      const configDescriptor = { mediaType: DbArtifactMediaType.config, digest: sha256Digest(config), size: config.length };
      const layerDescriptor = {
        mediaType: DbArtifactMediaType.layer,
        digest: `sha256:${await sha256File(archive)}`,
        size: (await stat(archive)).size,
        annotations: { 'org.opencontainers.image.title': 'picket-db.tar.gz' },
      };
      await client.pushBlob(ref.repository, configDescriptor, config);
      await client.pushBlob(ref.repository, layerDescriptor, { file: archive });
      const created = Number.isNaN(Date.parse(metadata.builtAt)) ? new Date().toISOString() : metadata.builtAt;
      const manifest: ImageManifest = {
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        config: configDescriptor,
        layers: [layerDescriptor],
        annotations: {
          'org.opencontainers.image.created': created,
          'org.opencontainers.image.title': 'picket advisory DB',
          'org.opencontainers.image.description': `picket advisory DB, schema ${metadata.schemaVersion}, built ${metadata.builtAt || 'at an unknown time'}`,
        },
      };
      const digest = await client.putManifest(ref.repository, manifestReference(ref), encodeManifest(manifest), MediaType.ociManifest);
      return { digest, metadata };
    });
  } finally {
    await rm(archive, { force: true });
  }
}

/**
 * Fetches the manifest, checks it is a picket DB artifact of this picket's schema, downloads the
 * layer (digest verified) to a temporary file beside the DB and imports it (checksum, integrity
 * and schema verified again), then removes the file.
 */
export async function pullDatabaseArtifact(options: DbArtifactOptions): Promise<{ digest: string; metadata: ArchiveMetadata }> {
  const ref = parseDbArtifactLocation(options.location);
  const client = new RegistryClient(ref.registry, options);
  const { digest, layer } = await explained(options, async () => {
    const fetched = await client.getManifest(ref.repository, manifestReference(ref));
    if (fetched.parsed.kind !== 'manifest') throw new UserError(`not a picket DB artifact: an image index (${fetched.mediaType})`);
    const { config, layers } = fetched.parsed.manifest;
    if (config.mediaType !== DbArtifactMediaType.config) throw new UserError(`not a picket DB artifact: config media type ${config.mediaType}, expected ${DbArtifactMediaType.config}`);
    const dbLayers = layers.filter((l) => l.mediaType === DbArtifactMediaType.layer);
    if (dbLayers.length !== 1 || layers.length !== 1) throw new UserError(`not a picket DB artifact: expected one layer of type ${DbArtifactMediaType.layer}, found ${layers.map((l) => l.mediaType).join(', ') || 'none'}`);
    const described = parseConfig(await client.getBlobBytes(ref.repository, config));
    if (described.schemaVersion !== SCHEMA_VERSION) throw new UserError(`the DB has schema ${described.schemaVersion}, this picket needs ${SCHEMA_VERSION} (push one built by this version)`);
    return { digest: fetched.digest, layer: dbLayers[0] };
  });
  await mkdir(options.dbDir, { recursive: true });
  const archive = temporaryDbPath(options.dbDir, 'pull');
  try {
    await explained(options, () => client.downloadBlob(ref.repository, layer, archive));
    const metadata = await importDatabase(options.dbDir, archive).catch((err: unknown) => {
      if (err instanceof UserError) throw new UserError(`${options.location}: ${err.message.split(archive).join('the pulled archive')}`);
      throw err;
    });
    return { digest, metadata };
  } finally {
    await rm(archive, { force: true });
  }
}

function parseConfig(bytes: Buffer): ArchiveMetadata {
  let config: unknown;
  try {
    config = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new UserError('not a picket DB artifact: its config is not JSON');
  }
  const metadata = config as Partial<ArchiveMetadata> | null;
  if (metadata?.format !== 'picket-db' || typeof metadata.schemaVersion !== 'number') throw new UserError('not a picket DB artifact: its config is not picket DB metadata');
  return metadata as ArchiveMetadata;
}

/**
 * Runs registry work so that any failure is one line naming the reference; the password is
 * scrubbed from the message should anything ever echo it.
 */
async function explained<T>(options: DbArtifactOptions, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    const password = options.credentials?.password;
    const message = password ? err.message.split(password).join('***') : err.message;
    throw err instanceof RegistryError ? new RegistryError(err.kind, `${options.location}: ${message}`, err.status) : new UserError(`${options.location}: ${message}`, err.exitCode);
  }
}
