import type { Readable } from 'node:stream';
import type { SecretFinding } from './types.js';

/** Where a chunk sits in the file: byte offset of its first byte and lines before it. */
export interface ChunkBase {
  offset: number;
  line: number;
}

/**
 * Scans a stream in chunks of `chunkSize` bytes, each read with `overlap` bytes of the previous
 * and the next chunk around it. `scanChunk` gets the whole buffer but reports only secrets that
 * start in `accept` (the chunk proper), so a secret shorter than the overlap is found exactly once,
 * whole, and rules that look behind or ahead see real context. Returning `undefined` stops (binary).
 * At most `chunkSize + 2 * overlap` bytes (plus one stream piece) are held at a time.
 */
export async function scanChunks(
  readable: Readable,
  chunkSize: number,
  overlap: number,
  scanChunk: (chunk: Buffer, accept: { from: number; to: number }, base: ChunkBase) => SecretFinding[] | undefined,
): Promise<SecretFinding[]> {
  if (chunkSize < 2 * overlap) throw new Error('chunk size must be at least twice the overlap');
  const findings: SecretFinding[] = [];
  let parts: Buffer[] = [];
  let held = 0;
  /** File offset of the first held byte, and the newlines before it. */
  let heldOffset = 0;
  let linesBefore = 0;
  /** File offset where the next chunk proper starts. */
  let next = 0;
  let done = false;

  /** Scans every chunk the held bytes allow; with `final`, the rest too. */
  const drain = (final: boolean): void => {
    while (!done) {
      const end = next + chunkSize + overlap;
      if (!final && heldOffset + held < end) return;
      const data = parts.length === 1 ? parts[0] : Buffer.concat(parts, held);
      parts = [data];
      const last = heldOffset + data.length <= end;
      const chunk = data.subarray(0, Math.min(data.length, end - heldOffset));
      const accept = { from: next - heldOffset, to: last ? chunk.length : next + chunkSize - heldOffset };
      const result = scanChunk(chunk, accept, { offset: heldOffset, line: linesBefore });
      if (result === undefined || last) {
        if (result) findings.push(...result);
        done = true;
        if (result === undefined) findings.length = 0;
        return;
      }
      findings.push(...result);
      next += chunkSize;
      const keepFrom = next - overlap - heldOffset;
      for (let i = data.indexOf(0x0a); i >= 0 && i < keepFrom; i = data.indexOf(0x0a, i + 1)) linesBefore++;
      const rest = data.subarray(keepFrom);
      heldOffset += keepFrom;
      parts = [rest];
      held = rest.length;
    }
  };

  try {
    for await (const piece of readable) {
      const buf = typeof piece === 'string' ? Buffer.from(piece) : (piece as Buffer);
      parts.push(buf);
      held += buf.length;
      drain(false);
      if (done) break;
    }
    if (!done && held > 0) drain(true);
  } finally {
    if (!readable.destroyed) readable.destroy();
  }
  return findings;
}
