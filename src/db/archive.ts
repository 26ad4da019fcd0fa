import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DB_FILE_NAME, MetaKey, SCHEMA_VERSION } from './schema.js';
import { withDbLock } from './lock.js';
import { installDbFile, removeStaleTemporaries, temporaryDbPath, verifyDbFile } from './install.js';
import { databasePath } from './store.js';
import { UserError } from '../errors.js';
import Database from 'better-sqlite3';

/** What an exported DB file says about itself (`metadata.json` inside the archive). */
export interface ArchiveMetadata {
  format: 'picket-db';
  schemaVersion: number;
  builtAt: string;
  sha256: string;
  size: number;
}

const METADATA = 'metadata.json';

/**
 * Writes the current DB as one gzip-compressed tar holding `picket.db` and `metadata.json`
 * (schema version, build time, sha256 and size of picket.db). The DB is snapshotted by a hard
 * link first, so an update replacing it meanwhile does not change what is exported.
 */
export async function exportDatabase(dbDir: string, file: string): Promise<ArchiveMetadata> {
  const current = databasePath(dbDir);
  const staging = temporaryDbPath(dbDir, 'export');
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging);
  try {
    try {
      await link(current, join(staging, DB_FILE_NAME));
    } catch {
      throw new UserError(`no advisory DB at ${current} to export: run "picket db build" first`);
    }
    const snapshot = join(staging, DB_FILE_NAME);
    verifyDbFile(snapshot, current);
    const db = new Database(snapshot, { readonly: true });
    const builtAt = (db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(MetaKey.builtAt) as string | undefined) ?? '';
    db.close();
    const metadata: ArchiveMetadata = {
      format: 'picket-db',
      schemaVersion: SCHEMA_VERSION,
      builtAt,
      sha256: await sha256File(snapshot),
      size: (await stat(snapshot)).size,
    };
    await writeFile(join(staging, METADATA), `${JSON.stringify(metadata, null, 2)}\n`);
    const tar = await import('tar');
    await tar.create({ gzip: { level: 6 }, file, cwd: staging, portable: true }, [METADATA, DB_FILE_NAME]).catch((err: Error) => {
      throw new UserError(`cannot write ${file}: ${err.message}`);
    });
    return metadata;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Installs a DB exported by `exportDatabase`: unpacks it beside the current DB, checks its
 * sha256, size and schema against metadata.json and SQLite's integrity check, then swaps it in
 * with one rename. Anything wrong leaves the current DB untouched.
 */
export async function importDatabase(dbDir: string, file: string): Promise<ArchiveMetadata> {
  await mkdir(dbDir, { recursive: true });
  return withDbLock(dbDir, async () => {
    await removeStaleTemporaries(dbDir);
    const candidate = temporaryDbPath(dbDir, 'import');
    try {
      const { metadata, sha256, size } = await unpack(file, candidate);
      if (metadata.format !== 'picket-db') throw new UserError(`${file}: not a picket DB archive`);
      if (metadata.schemaVersion !== SCHEMA_VERSION) throw new UserError(`${file}: DB schema ${metadata.schemaVersion}, this picket needs ${SCHEMA_VERSION}`);
      if (sha256 !== metadata.sha256 || size !== metadata.size) throw new UserError(`${file}: checksum mismatch (picket.db is ${sha256.slice(0, 12)}…, ${size} bytes; metadata says ${metadata.sha256.slice(0, 12)}…, ${metadata.size} bytes)`);
      await installDbFile(candidate, dbDir);
      return metadata;
    } finally {
      await rm(candidate, { force: true });
    }
  });
}

async function unpack(file: string, dbTarget: string): Promise<{ metadata: ArchiveMetadata; sha256: string; size: number }> {
  const tar = await import('tar');
  let metadataText: string | undefined;
  let written: Promise<{ sha256: string; size: number }> | undefined;
  try {
    await stat(file);
  } catch {
    throw new UserError(`${file}: no such file`);
  }
  await tar
    .t({
      file,
      strict: true,
      onReadEntry: (entry) => {
        if (entry.path === METADATA) {
          const chunks: Buffer[] = [];
          entry.on('data', (c: Buffer) => chunks.push(c));
          entry.on('end', () => (metadataText = Buffer.concat(chunks).toString('utf8')));
        } else if (entry.path === DB_FILE_NAME && entry.type === 'File') {
          const hash = createHash('sha256');
          let size = 0;
          const out = createWriteStream(dbTarget);
          entry.on('data', (c: Buffer) => {
            hash.update(c);
            size += c.length;
          });
          written = pipeline(entry, out).then(() => ({ sha256: hash.digest('hex'), size }));
        } else {
          entry.resume();
        }
      },
    })
    .catch((err: Error) => {
      throw new UserError(`${file}: not a readable DB archive (${err.message})`);
    });
  if (!metadataText || !written) throw new UserError(`${file}: not a picket DB archive (needs ${METADATA} and ${DB_FILE_NAME})`);
  let metadata: ArchiveMetadata;
  try {
    metadata = JSON.parse(metadataText) as ArchiveMetadata;
  } catch {
    throw new UserError(`${file}: ${METADATA} is not valid JSON`);
  }
  return { metadata, ...(await written) };
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
