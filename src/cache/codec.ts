import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';

/** How a stored value is encoded (the `encoding` column). */
export const ValueEncoding = {
  /** UTF-8 JSON as is (small values, or when compression does not make it smaller). */
  json: 0,
  /** UTF-8 JSON compressed with brotli. */
  brotliJson: 1,
} as const;
export type ValueEncoding = (typeof ValueEncoding)[keyof typeof ValueEncoding];

/** Below this many bytes of JSON, compressing is not worth the time. */
const COMPRESS_MIN_BYTES = 512;

/**
 * Brotli quality 5: on a 2 MiB layer-facts JSON (3,000 packages) it stores 12x smaller in ~20 ms
 * and decompresses in ~2.5 ms; deflate at level 6 gave 8x in 30 ms (bench/scan-cache.mjs).
 */
const BROTLI_QUALITY = 5;

export interface EncodedValue {
  encoding: ValueEncoding;
  blob: Buffer;
  /** Bytes of the JSON before compression. */
  jsonBytes: number;
}

/** JSON-serialises a value and compresses it when that pays off; throws TypeError if it has no JSON form. */
export function encodeValue(value: unknown): EncodedValue {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError('scan cache: the value has no JSON form (undefined or a function)');
  const json = Buffer.from(text, 'utf8');
  if (json.length < COMPRESS_MIN_BYTES) return { encoding: ValueEncoding.json, blob: json, jsonBytes: json.length };
  const compressed = brotliCompressSync(json, {
    params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: json.length, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
  });
  return compressed.length < json.length
    ? { encoding: ValueEncoding.brotliJson, blob: compressed, jsonBytes: json.length }
    : { encoding: ValueEncoding.json, blob: json, jsonBytes: json.length };
}

/** The value a blob written by encodeValue() holds; throws on an unknown encoding or bad data. */
export function decodeValue(blob: Buffer, encoding: number): unknown {
  switch (encoding) {
    case ValueEncoding.json:
      return JSON.parse(blob.toString('utf8'));
    case ValueEncoding.brotliJson:
      return JSON.parse(brotliDecompressSync(blob).toString('utf8'));
    default:
      throw new Error(`unknown value encoding ${encoding}`);
  }
}
