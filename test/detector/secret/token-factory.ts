/**
 * Made-up tokens with the right structure, built at test time so no checksum-valid token sits in
 * the repository: GitHub and npm tokens with their CRC32 suffix, PyPI macaroons, age keys with a
 * Bech32 checksum, JWTs, PEM blocks whose bodies decode to the right framing (random bytes behind
 * it, not a key), and base64-JSON tokens (Sentry, Grafana, 1Password). A seeded generator makes
 * every run produce the same values.
 */
import { crc32Base62 } from '../../../src/detector/secret/validators/crc32-base62.js';
import { bech32Checksum } from '../../../src/detector/secret/validators/bech32.js';
import { random } from '../../support/random.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A seeded pseudo-random generator (mulberry32). */
export const seeded = random;

export class TokenFactory {
  private readonly rnd: () => number;

  constructor(seed = 42) {
    this.rnd = seeded(seed);
  }

  chars(alphabet: string, n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(this.rnd() * alphabet.length)];
    return out;
  }

  bytes(n: number): Buffer {
    return Buffer.from(Array.from({ length: n }, () => Math.floor(this.rnd() * 256)));
  }

  /** `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_` + 30 random base-62 characters + their CRC32 checksum. */
  github(prefix: string): string {
    const random = this.chars(BASE62, 30);
    return prefix + random + crc32Base62(random);
  }

  npm(): string {
    const random = this.chars(BASE62, 30);
    return 'npm_' + random + crc32Base62(random);
  }

  /** A PyPI token: a v2 macaroon (location, identifier, one caveat, signature), base64url. */
  pypi(location = 'pypi.org'): string {
    const field = (type: number, data: Buffer) => Buffer.concat([Buffer.from([type, data.length]), data]);
    const identifier = Buffer.from(JSON.stringify({ nonce: this.chars('0123456789abcdef', 32), version: 1 }));
    const caveat = Buffer.from(JSON.stringify({ permissions: 'user', version: 1 }));
    const macaroon = Buffer.concat([
      Buffer.from([2]),
      field(1, Buffer.from(location)),
      field(2, identifier),
      Buffer.from([0]),
      field(2, caveat),
      Buffer.from([0]),
      Buffer.from([0]),
      field(6, this.bytes(32)),
    ]);
    return 'pypi-' + macaroon.toString('base64url');
  }

  /** An age secret key: Bech32 with the `age-secret-key-` prefix, in upper case. */
  age(): string {
    const data = this.chars('qpzry9x8gf2tvdw0s3jn54khce6mua7l', 52);
    return ('AGE-SECRET-KEY-1' + data + bech32Checksum('age-secret-key-', data)).toUpperCase();
  }

  jwt(): string {
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'svc-deploy', iat: 1714521600 })}.${this.chars(BASE62 + '-_', 43)}`;
  }

  /** A PEM block whose body decodes to the framing its label promises, then random bytes. */
  pem(label: string): string {
    let head: Buffer;
    if (label.includes('OPENSSH')) head = Buffer.from('openssh-key-v1\0', 'latin1');
    else if (label.includes('PGP')) head = Buffer.from([0x95, 0x03, 0xc6]);
    else head = Buffer.from([0x30, 0x82, 0x04, 0xa4]);
    const body = Buffer.concat([head, this.bytes(300)]).toString('base64');
    const lines = body.match(/.{1,64}/g)!.join('\n');
    const armor = label.includes('PGP') ? '\n\n' : '\n';
    return `-----BEGIN ${label}-----${armor}${lines}\n-----END ${label}-----`;
  }

  sentryOrgToken(): string {
    const payload = Buffer.from(JSON.stringify({ iat: 1714521600.5, url: 'https://sentry.example.org', region_url: 'https://us.sentry.example.org', org: 'acme' })).toString('base64').replace(/=+$/, '');
    return `sntrys_${payload}_${this.chars(BASE62 + '+/', 43)}`;
  }

  grafanaCloudToken(): string {
    return 'glc_' + Buffer.from(JSON.stringify({ o: '812345', n: 'stack-812345-deploy', k: this.chars(BASE62, 24), m: { r: 'prod-us-east-0' } })).toString('base64');
  }

  grafanaLegacyKey(): string {
    return Buffer.from(JSON.stringify({ k: this.chars(BASE62, 32), n: 'deploy', id: 1 })).toString('base64');
  }

  onePasswordToken(): string {
    const json = { signInAddress: 'my.1password.com', userAuth: { method: 'SRPg-4096', alg: 'PBES2g-HS256', iterations: 650000, salt: this.chars(BASE62, 22) }, email: 'svc@corp.internal', srpX: this.chars('0123456789abcdef', 64), muk: { alg: 'A256GCM', ext: true, k: this.chars(BASE62, 43), key_ops: ['encrypt', 'decrypt'], kty: 'oct', kid: 'mp' }, secretKey: 'A3-' + this.chars('ABCDEFGHJKLMNPQRSTUVWXYZ23456789', 6), throttleSecret: { seed: this.chars('0123456789abcdef', 64), deviceUuid: this.chars('abcdefghijklmnopqrstuvwxyz0123456789', 26) }, deviceUuid: this.chars('abcdefghijklmnopqrstuvwxyz0123456789', 26) };
    return 'ops_' + Buffer.from(JSON.stringify(json)).toString('base64url');
  }

  /** Expands `{{name}}` / `{{name:arg}}` placeholders in a sample. */
  expand(text: string): string {
    return text.replace(/\{\{([a-z0-9-]+)(?::([^}]+))?\}\}/g, (_, name: string, arg: string | undefined) => {
      switch (name) {
        case 'github': return this.github(arg ?? 'ghp_');
        case 'npm': return this.npm();
        case 'pypi': return this.pypi();
        case 'testpypi': return this.pypi('test.pypi.org');
        case 'age': return this.age();
        case 'jwt': return this.jwt();
        case 'pem': return this.pem(arg!);
        case 'pem-json': return this.pem(arg!).replace(/\n/g, '\\n');
        case 'pem-base64': return Buffer.from(this.pem(arg!)).toString('base64');
        case 'sentry': return this.sentryOrgToken();
        case 'grafana-cloud': return this.grafanaCloudToken();
        case 'grafana-legacy': return this.grafanaLegacyKey();
        case 'onepassword': return this.onePasswordToken();
        default: throw new Error(`unknown sample placeholder {{${name}}}`);
      }
    });
  }
}
