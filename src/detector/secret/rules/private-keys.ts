import type { SecretRuleSpec, SecretSeverity } from '../types.js';
import { isPemBody } from '../validators/structure.js';

/**
 * A PEM private key block: `-----BEGIN <label>-----`, optional headers such as `Proc-Type:`, the
 * body (the secret: base64 lines, or the same with `\n` escapes inside a JSON string), then
 * `-----END <label>-----`. The body must decode to what the label promises for high confidence.
 */
function pemKey(id: string, title: string, label: string, severity: SecretSeverity = 'HIGH'): SecretRuleSpec {
  const sep = '(?:\\s|\\\\r|\\\\n){0,8}';
  // RFC 1421 / OpenPGP armor headers (`Proc-Type: 4,ENCRYPTED`, `Version: …`) before the base64.
  const headers = '(?:[A-Za-z][A-Za-z0-9-]{0,31}: [^\\r\\n\\\\]{0,200}(?:\\r?\\n|\\\\r?\\\\n)){0,8}(?:\\r?\\n|\\\\r?\\\\n)?';
  return {
    id,
    category: 'AsymmetricPrivateKey',
    title,
    severity,
    keywords: [`begin ${label.toLowerCase()}-----`],
    // The body cannot hold "-", so it ends where END starts: no backtracking over long bodies.
    regex: new RegExp(`-----BEGIN ${label}-----${sep}${headers}(?<secret>[A-Za-z0-9+/=\\\\][A-Za-z0-9+/=\\s\\\\]{30,65534}[A-Za-z0-9+/=])${sep}-----END ${label}-----`),
    anchor: 'keyword',
    lead: 5,
    validate: (secret) => isPemBody(label, secret),
  };
}

/** Private keys: PKCS#1 RSA, EC, DSA, OpenSSH, PKCS#8 (plain and encrypted), OpenPGP, PuTTY. */
export const privateKeyRules: SecretRuleSpec[] = [
  pemKey('rsa-private-key', 'RSA Private Key', 'RSA PRIVATE KEY'),
  pemKey('ec-private-key', 'EC Private Key', 'EC PRIVATE KEY'),
  pemKey('dsa-private-key', 'DSA Private Key', 'DSA PRIVATE KEY'),
  pemKey('openssh-private-key', 'OpenSSH Private Key', 'OPENSSH PRIVATE KEY'),
  pemKey('pkcs8-private-key', 'Private Key (PKCS#8)', 'PRIVATE KEY'),
  pemKey('encrypted-private-key', 'Encrypted Private Key (PKCS#8)', 'ENCRYPTED PRIVATE KEY', 'MEDIUM'),
  pemKey('pgp-private-key', 'PGP Private Key Block', 'PGP PRIVATE KEY BLOCK'),
  {
    id: 'putty-private-key',
    category: 'AsymmetricPrivateKey',
    title: 'PuTTY Private Key',
    severity: 'HIGH',
    keywords: ['private-lines:'],
    regex: /Private-Lines: [0-9]{1,3}\r?\n(?<secret>(?:[A-Za-z0-9+/]{1,64}={0,2}\r?\n){1,64}?)Private-MAC:/,
    anchor: 'keyword',
  },
];
