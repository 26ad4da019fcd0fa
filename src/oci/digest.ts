import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { RegistryError } from './errors.js';

const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;

/** True for `sha256:<64 lowercase hex>`, the only algorithm this client computes. */
export function isSha256Digest(digest: string): boolean {
  return SHA256_DIGEST.test(digest);
}

/** The content digest of bytes: `sha256:<hex>`. */
export function sha256Digest(content: Uint8Array): string {
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

/** Throws unless `digest` is one this client can verify. */
export function requireSha256(digest: string, what: string): void {
  if (!isSha256Digest(digest)) throw new RegistryError('unsupported', `${what}: digest "${digest}" is not sha256:<64 hex digits> (the only algorithm supported)`);
}

/**
 * A pass-through stream that hashes what flows through it and fails at the end (or as soon as
 * the size is exceeded) when the content is not what `digest` and `size` promise.
 */
export class DigestVerifier extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;

  constructor(private readonly digest: string, private readonly size: number | undefined, private readonly what: string) {
    super();
    requireSha256(digest, what);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.size !== undefined && this.bytes > this.size) {
      callback(new RegistryError('digest-mismatch', `${this.what}: more than the ${this.size} bytes its descriptor gives`));
      return;
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const actual = `sha256:${this.hash.digest('hex')}`;
    if (this.size !== undefined && this.bytes !== this.size) callback(new RegistryError('digest-mismatch', `${this.what}: ${this.bytes} bytes received, its descriptor gives ${this.size}`));
    else if (actual !== this.digest) callback(new RegistryError('digest-mismatch', `${this.what}: content has digest ${actual}, expected ${this.digest}`));
    else callback();
  }
}
