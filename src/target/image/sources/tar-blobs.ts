import type { Readable } from 'node:stream';
import { UserError } from '../../../errors.js';
import { MAX_DOCUMENT_BYTES, blobPath, type BlobStore } from './layout-blobs.js';
import type { TarEntry, TarIndex } from './tar-index.js';

/** The blobs of an OCI image layout stored in a tar (skopeo `oci-archive:`, Docker 25+ `docker save`). */
export class TarBlobStore implements BlobStore {
  readonly label: string;

  constructor(private readonly tar: TarIndex) {
    this.label = tar.label;
  }

  async readIndexJson(): Promise<Buffer | undefined> {
    const entry = this.tar.findFile('index.json', 'index.json');
    return entry === undefined ? undefined : this.tar.readBytes(entry, MAX_DOCUMENT_BYTES, 'index.json');
  }

  async blobSize(digest: string): Promise<number | undefined> {
    return this.find(digest)?.size;
  }

  async readBlob(digest: string, limit: number): Promise<Buffer> {
    return this.tar.readBytes(this.require(digest), limit, 'blob');
  }

  streamBlob(digest: string): Readable {
    return this.tar.stream(this.require(digest));
  }

  private find(digest: string): TarEntry | undefined {
    return this.tar.findFile(blobPath(digest, this.label), 'blob');
  }

  private require(digest: string): TarEntry {
    const entry = this.find(digest);
    if (entry === undefined) throw new UserError(`${this.label}: blob ${digest} is missing (no ${blobPath(digest, this.label)})`);
    return entry;
  }
}
