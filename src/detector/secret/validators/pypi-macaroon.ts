/**
 * Structure check of a PyPI API token: `pypi-` then a base64url macaroon in the v2 binary format
 * (version byte 2; a header of location `pypi.org`/`test.pypi.org` and identifier; caveat sections;
 * an end marker; a 32-byte signature, and nothing after it). The token has no checksum: a changed
 * character inside the identifier or signature still passes; truncation, insertion and changes to
 * the framing do not.
 */
export function isPypiMacaroon(token: string): boolean {
  if (!token.startsWith('pypi-')) return false;
  const body = token.slice(5);
  if (!/^[A-Za-z0-9_-]+$/.test(body)) return false;
  const bytes = Buffer.from(body, 'base64url');
  let pos = 0;
  const varint = (): number | undefined => {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (pos >= bytes.length) return undefined;
      const b = bytes[pos++];
      value += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return value;
    }
    return undefined;
  };
  /** Reads one section's fields up to its end marker; returns the fields by type. */
  const section = (): Map<number, Buffer> | undefined => {
    const fields = new Map<number, Buffer>();
    for (;;) {
      const type = varint();
      if (type === undefined) return undefined;
      if (type === 0) return fields;
      const length = varint();
      if (length === undefined || pos + length > bytes.length) return undefined;
      fields.set(type, bytes.subarray(pos, pos + length));
      pos += length;
    }
  };
  if (bytes[pos++] !== 2) return false;
  const header = section();
  const location = header?.get(1)?.toString('latin1');
  if (!header || !header.get(2)?.length || (location !== 'pypi.org' && location !== 'test.pypi.org')) return false;
  for (let caveats = 0; ; caveats++) {
    if (pos >= bytes.length || caveats > 64) return false;
    if (bytes[pos] === 0) {
      pos++;
      break;
    }
    const caveat = section();
    if (!caveat || !caveat.get(2)?.length) return false;
  }
  if (varint() !== 6 || varint() !== 32) return false;
  return pos + 32 === bytes.length;
}
