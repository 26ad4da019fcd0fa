import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import { UserError } from '../../../errors.js';
import { DigestVerifier, isSha256Digest, sha256Digest } from '../../../oci/digest.js';
import { quote } from './layout-select.js';

/** Manifests, indexes and configs larger than this are refused (real ones are a few KiB). */
export const MAX_DOCUMENT_BYTES = 32 * 1024 * 1024;

/**
 * Where the blobs of an OCI image layout live: a directory, or the members of a tar. Reads are
 * by digest only (`blobs/sha256/<hex>`), never by a path taken from a document.
 */
export interface BlobStore {
  /** The layout as the user named it, for messages. */
  readonly label: string;
  /** The bytes of `index.json`, or undefined when the layout has none. */
  readIndexJson(): Promise<Buffer | undefined>;
  /** Size of the stored blob, undefined when it is missing. */
  blobSize(digest: string): Promise<number | undefined>;
  /** The whole blob, unverified (callers verify); refuses blobs over `limit` bytes. */
  readBlob(digest: string, limit: number): Promise<Buffer>;
  /** The blob as stored, unverified; the file is opened now. */
  streamBlob(digest: string): Readable;
}

/** `blobs/sha256/<hex>` for a digest this code can verify; UserError for anything else. */
export function blobPath(digest: string, label: string): string {
  if (!isSha256Digest(digest)) throw new UserError(`${label}: unsupported or malformed digest ${quote(digest)} (only sha256:<64 hex> is supported)`);
  return `blobs/sha256/${digest.slice('sha256:'.length)}`;
}

/** A blob small enough to hold in memory, checked against its digest and (when given) its size. */
export async function readVerifiedBlob(store: BlobStore, digest: string, size: number | undefined, what: string): Promise<Buffer> {
  const path = blobPath(digest, store.label);
  const stored = await store.blobSize(digest);
  if (stored === undefined) throw new UserError(`${store.label}: ${what} ${digest} is missing (no ${path})`);
  if (size !== undefined && stored !== size) throw new UserError(`${store.label}: ${what} ${path} is ${stored} bytes, its descriptor says ${size}`);
  const bytes = await store.readBlob(digest, MAX_DOCUMENT_BYTES);
  const actual = sha256Digest(bytes);
  if (actual !== digest) throw new UserError(`${store.label}: ${what} ${path} has digest ${actual}, expected ${digest}`);
  return bytes;
}

/**
 * Checks now that a layer blob is there (and of the size its descriptor gives), and returns an
 * opener whose stream fails when the content does not hash to the digest.
 */
export async function verifiedBlobOpener(store: BlobStore, digest: string, size: number | undefined, what: string): Promise<() => Promise<Readable>> {
  const path = blobPath(digest, store.label);
  const stored = await store.blobSize(digest);
  if (stored === undefined) throw new UserError(`${store.label}: ${what} ${digest} is missing (no ${path})`);
  if (size !== undefined && stored !== size) throw new UserError(`${store.label}: ${what} ${path} is ${stored} bytes, its descriptor says ${size}`);
  return async () => verified(store.streamBlob(digest), digest, stored, `${store.label}: ${what} ${path}`);
}

/** `source` piped through a DigestVerifier; an error on either side fails the returned stream. */
export function verified(source: Readable, digest: string, size: number | undefined, what: string): Readable {
  const verifier = new DigestVerifier(digest, size, what);
  pipeline(source, verifier, () => {
    // Errors reach the consumer through `verifier`, which pipeline destroys with them.
  });
  return verifier;
}

/** The blobs of an OCI image layout directory (`DIR/index.json`, `DIR/blobs/sha256/<hex>`). */
export class DirectoryBlobStore implements BlobStore {
  constructor(private readonly dir: string, readonly label: string) {}

  async readIndexJson(): Promise<Buffer | undefined> {
    const file = join(this.dir, 'index.json');
    const info = await stat(file).catch(() => undefined);
    if (info === undefined || !info.isFile()) return undefined;
    if (info.size > MAX_DOCUMENT_BYTES) throw new UserError(`${this.label}: index.json is ${info.size} bytes, more than the ${MAX_DOCUMENT_BYTES} allowed`);
    return readFile(file);
  }

  async blobSize(digest: string): Promise<number | undefined> {
    const info = await stat(this.file(digest)).catch(() => undefined);
    return info?.isFile() ? info.size : undefined;
  }

  async readBlob(digest: string, limit: number): Promise<Buffer> {
    const size = await this.blobSize(digest);
    if (size !== undefined && size > limit) throw new UserError(`${this.label}: ${blobPath(digest, this.label)} is ${size} bytes, more than the ${limit} allowed`);
    return readFile(this.file(digest));
  }

  streamBlob(digest: string): Readable {
    return createReadStream(this.file(digest));
  }

  private file(digest: string): string {
    return join(this.dir, ...blobPath(digest, this.label).split('/'));
  }
}
