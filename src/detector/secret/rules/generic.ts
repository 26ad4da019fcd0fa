import { shannonEntropy } from '../entropy.js';
import type { RuleMatch, SecretRuleSpec } from '../types.js';
import { isDockerAuth, isJwt } from '../validators/structure.js';
import { rejectPlaceholder } from './helpers.js';

/** The words of an identifier: `AWS_SECRET_ACCESS_KEY`, `apiKey`, `db.password` → lower-case words. */
function words(identifier: string): string[] {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** The whole name a keyword sits in: the name characters before it (from the line) and after it. */
function identifierOf(match: RuleMatch): string {
  const head = /[A-Za-z0-9_.-]*$/.exec(match.before)?.[0] ?? '';
  return head + (match.groups.name ?? '');
}

/** Values that are references, templates, code or prose rather than secrets. */
function notASecretValue(value: string): boolean {
  if (/^(?:\$|%|\{\{|<|#\{|@|!|&|\*|\.\.?\/|\/|~\/|https?:|file:)/.test(value)) return true;
  if (/\$\{|\{\{|%\(|%s|\$\(|\beval\b/.test(value)) return true;
  // Regular expressions and format strings: `[0-9a-f]{32}`, `\d+`, `(?:…)`.
  if (/\[[^\]]*\]|\{\d+(?:,\d*)?\}|\\[dswbDSWB]|\(\?/.test(value)) return true;
  if (rejectPlaceholder(value)) return true;
  if (/password|passwd|secret|token|apikey|api_key|undefined|null|true|false|none/i.test(value)) return true;
  // Dictionary-like words joined by separators, CONSTANT_NAMES, dotted names: not random.
  if (/^[a-z]+(?:[-_.:][a-z]+)*$/.test(value) || /^[A-Z][A-Z0-9]*(?:[_.][A-Z0-9]+)*$/.test(value)) return true;
  return looksLikeWords(value);
}

/**
 * Whether a value is made of words rather than random characters: no digits, and its parts (split
 * at separators and case changes) are words of two letters or more, four on average
 * (`CloudFrontOriginAccessIdentityList.NextMarker`, `?InterpolationInTemplate`, `fooBarBaz`).
 */
function looksLikeWords(value: string): boolean {
  if (/[0-9]/.test(value)) return false;
  const parts = value.split(/[^A-Za-z]+/).flatMap((p) => p.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+/g) ?? []);
  const letters = parts.join('').length;
  return parts.length >= 2 && parts.every((p) => p.length >= 2) && letters / parts.length >= 4 && letters >= value.replace(/[^A-Za-z]/g, '').length;
}

/** `user:password` pairs that are placeholders or documentation defaults (`admin:admin`, `user:password`). */
function weakCredentials(pair: string): boolean {
  const colon = pair.indexOf(':');
  const user = pair.slice(0, colon);
  const password = pair.slice(colon + 1);
  return password === user || /^(?:pass(?:word)?|admin|secret|test|changeme|root|guest|user|123456(?:78)?)$/i.test(password) || rejectPlaceholder(pair);
}

const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase', 'pw']);
const SECRET_WORDS = new Set(['secret', 'token', 'key', 'apikey', 'credential', 'credentials', 'auth', 'pat', 'secretkey', 'accesskey', 'authtoken', 'accesstoken']);

/** Names of values that are not secrets though they say "token" or "key": pagination, CSRF, examples. */
const NOT_SECRET_WORDS = new Set(['next', 'prev', 'previous', 'page', 'paging', 'pagination', 'continuation', 'cursor', 'marker', 'lifecycle', 'idempotency', 'csrf', 'xsrf', 'output', 'input', 'sync', 'cancel', 'cancellation', 'resume', 'placeholder', 'example', 'sample', 'dummy', 'fake', 'mock', 'public', 'request']);

/**
 * Whether the name ends in one of `last` (so `passwordHash`, `secretName`, `tokenizer` do not
 * count) and has no word saying it is not a secret (`nextToken`, `csrfToken`, `publicKey`).
 */
function nameEndsIn(match: RuleMatch, last: ReadonlySet<string>): boolean {
  const w = words(identifierOf(match));
  return w.length > 0 && last.has(w[w.length - 1]) && !w.some((x) => NOT_SECRET_WORDS.has(x));
}

const KEY_AND_OPERATOR = `["'\\]]{0,2}[ \\t]{0,4}(?::=|=>|=(?![=>])|:(?![:=]))[ \\t]{0,4}`;
const QUOTED = '(?<q>["\'`])(?<secret>[^"\'`\\s\\\\]{LEN})\\k<q>';
const CONFIG_FILE = /(?:^|\/)(?:\.env(?:\.[A-Za-z0-9_.-]+)?|[^/]*\.(?:env|properties|ini|cfg|conf|toml|ya?ml)|[^/]*Dockerfile[^/]*|docker-compose[^/]*)$/i;

/**
 * Generic rules: credentials assigned to names that say so (`password = "…"`, `API_KEY: …`),
 * with entropy and stop-words; credentials inside XML elements, `.netrc`, Authorization headers;
 * and JWTs. They give way to any specific rule finding the same secret.
 */
export const genericRules: SecretRuleSpec[] = [
  {
    id: 'generic-password',
    category: 'Generic',
    title: 'Hard-coded Password',
    severity: 'HIGH',
    keywords: ['password', 'passwd', 'passphrase', 'pwd'],
    regex: new RegExp(`(?<name>(?:password|passwd|passphrase|pwd)[A-Za-z0-9_.-]{0,30})${KEY_AND_OPERATOR}${QUOTED.replace('LEN', '6,128')}`, 'i'),
    anchor: 'keyword',
    entropy: 2.5,
    generic: true,
    reject: (s, m) => !nameEndsIn(m, PASSWORD_WORDS) || notASecretValue(s),
  },
  {
    id: 'generic-secret',
    category: 'Generic',
    title: 'Hard-coded Secret, Token or API Key',
    severity: 'HIGH',
    keywords: ['secret', 'token', 'api_key', 'apikey', 'api-key', 'access_key', 'accesskey', 'auth_key', 'authkey', 'private_key', 'credential'],
    regex: new RegExp(`(?<name>(?:secret|token|api[_-]?key|access[_-]?key|auth[_-]?key|private[_-]?key|credential)[A-Za-z0-9_.-]{0,30})${KEY_AND_OPERATOR}${QUOTED.replace('LEN', '12,256')}`, 'i'),
    anchor: 'keyword',
    entropy: 3.3,
    generic: true,
    reject: (s, m) => !nameEndsIn(m, SECRET_WORDS) || notASecretValue(s),
  },
  {
    id: 'generic-config-secret',
    category: 'Generic',
    title: 'Secret in Configuration File',
    severity: 'HIGH',
    keywords: ['password', 'passwd', 'passphrase', 'pwd', 'secret', 'token', 'api_key', 'apikey', 'api-key', 'access_key', 'accesskey', 'auth_key', 'private_key'],
    regex: /(?<name>(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|access[_-]?key|auth[_-]?key|private[_-]?key)[A-Za-z0-9_.-]{0,30})[ \t]{0,4}[:=][ \t]{0,4}(?<secret>[^\s"'`#;,]{6,256})(?=[ \t]*(?:[#;]|\r?\n|$))/i,
    anchor: 'keyword',
    path: CONFIG_FILE,
    generic: true,
    reject: (s, m) => {
      // The name starts the line (`KEY=…`, `key: …`, `export KEY=…`, `- key: …`), not prose.
      if (!/^[ \t]*(?:export[ \t]+|-[ \t]+|ENV[ \t]+)?["']?[A-Za-z0-9_.-]*$/.test(m.before)) return true;
      const isPassword = nameEndsIn(m, PASSWORD_WORDS);
      if (!isPassword && !nameEndsIn(m, SECRET_WORDS)) return true;
      if (notASecretValue(s)) return true;
      return shannonEntropy(s) < (isPassword ? 2.5 : 3.3);
    },
  },
  {
    id: 'xml-password-element',
    category: 'Generic',
    title: 'Password in XML Element',
    severity: 'HIGH',
    keywords: ['<password>', '<passphrase>', '<master>', '<secret>', '<apikey>', '<api_key>', '<token>'],
    regex: /<(?<tag>password|passphrase|master|secret|apiKey|api_key|token)>[ \t]{0,16}(?<secret>[^<\s]{4,256})[ \t]{0,16}<\/\k<tag>>/i,
    anchor: 'keyword',
    path: /\.(?:xml|config|xaml|plist|csproj|vbproj|props|targets|jelly)$/i,
    generic: true,
    // Maven encrypts with `{…}`; `${…}` is a property reference.
    reject: (s) => /^\{[A-Za-z0-9+/=]+\}$/.test(s) || /^(?:\$|%|\{\{|@)/.test(s) || rejectPlaceholder(s),
  },
  {
    id: 'netrc-password',
    category: 'Generic',
    title: 'Password in .netrc',
    severity: 'HIGH',
    keywords: ['password'],
    regex: /password[ \t]+(?<secret>[^\s]{1,256})/,
    anchor: 'keyword',
    path: /(?:^|\/)[._]?netrc$/,
    reject: (s) => notASecretValue(s),
  },
  {
    id: 'basic-auth-credentials',
    category: 'Generic',
    title: 'HTTP Basic Authentication Credentials',
    severity: 'HIGH',
    keywords: ['basic '],
    regex: /(?<![A-Za-z])basic (?<secret>[A-Za-z0-9+/]{12,1024}={0,2})(?![A-Za-z0-9+/=])/i,
    anchor: 'keyword',
    reject: (s) => !isDockerAuth(s) || weakCredentials(Buffer.from(s, 'base64').toString('latin1')),
  },
  {
    id: 'bearer-token',
    category: 'Generic',
    title: 'HTTP Bearer Token',
    severity: 'MEDIUM',
    keywords: ['bearer '],
    regex: /(?<![A-Za-z])bearer (?<secret>[A-Za-z0-9_.~+/-]{24,2048}={0,2})(?![A-Za-z0-9_.~+/=-])/i,
    anchor: 'keyword',
    entropy: 3.5,
    generic: true,
    reject: (s) => notASecretValue(s),
  },
  {
    id: 'jwt',
    category: 'JWT',
    title: 'JSON Web Token',
    severity: 'MEDIUM',
    keywords: ['eyj'],
    regex: /(?<![A-Za-z0-9_-])(?<secret>eyJ[A-Za-z0-9_-]{8,4096}\.eyJ[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{16,1024})(?![A-Za-z0-9_-])/,
    anchor: 'keyword',
    generic: true,
    validate: isJwt,
  },
];
