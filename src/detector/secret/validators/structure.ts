/**
 * Structure checks for tokens that carry decodable parts: base64 JSON payloads (JWTs, Grafana,
 * Sentry, 1Password), Docker `auth` values, storage keys of a fixed decoded length.
 */

/** The JSON object `text` decodes to (base64 or base64url, padding optional), if it does. */
export function base64Json(text: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return undefined;
  const decoded = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  if (!decoded.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(decoded);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A JWT: three base64url parts, the first a JSON header naming `alg`, the second a JSON object. */
export function isJwt(token: string): boolean {
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  const header = base64Json(parts[0]);
  return header !== undefined && typeof header.alg === 'string' && base64Json(parts[1]) !== undefined;
}

/** Whether base64 `text` decodes to exactly `length` bytes. */
export function base64DecodesTo(text: string, length: number): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return false;
  return Buffer.from(text, 'base64').length === length;
}

/** A Docker config `auth` value: base64 of printable `user:password`. */
export function isDockerAuth(text: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return false;
  const decoded = Buffer.from(text, 'base64').toString('latin1');
  const colon = decoded.indexOf(':');
  return colon > 0 && colon < decoded.length - 1 && /^[\x20-\x7e]+$/.test(decoded);
}

/**
 * A PEM private key body: base64 (line breaks, `\n` escapes and headers such as `Proc-Type:` are
 * skipped) that decodes to what the label promises: an ASN.1 SEQUENCE for PKCS#1/PKCS#8/EC/DSA,
 * the `openssh-key-v1` magic for OpenSSH, an OpenPGP packet for PGP.
 */
export function isPemBody(label: string, body: string): boolean {
  const lines = body.replace(/\\r|\\n/g, '\n').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.includes(':'));
  const b64 = lines.join('').replace(/=[A-Za-z0-9+/]{4}$/, '');
  if (b64.length < 32 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return false;
  const bytes = Buffer.from(b64, 'base64');
  const kind = label.toUpperCase();
  if (kind.includes('OPENSSH')) return bytes.subarray(0, 15).toString('latin1') === 'openssh-key-v1\0';
  if (kind.includes('PGP')) return (bytes[0] & 0x80) !== 0;
  return bytes[0] === 0x30 && (bytes[1] & 0x80 ? bytes[1] >= 0x81 && bytes[1] <= 0x84 : true);
}
