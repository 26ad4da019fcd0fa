import type { SecretRuleSpec } from '../types.js';
import { hasCrc32Base62Checksum } from '../validators/crc32-base62.js';
import { isPypiMacaroon } from '../validators/pypi-macaroon.js';
import { isDockerAuth } from '../validators/structure.js';
import { prefixedToken, rejectPlaceholder } from './helpers.js';

/** A value that is a variable reference or template, not a secret. */
const isReference = (s: string): boolean => /^(?:\$|%|\{\{|<)/.test(s);

/**
 * Package registries: npm (checksummed `npm_` tokens, `.npmrc` auth), PyPI (macaroon structure),
 * RubyGems, NuGet, Docker Hub and Docker config `auth` entries, crates.io, Private Packagist,
 * Clojars, Yarn Berry `npmAuthToken`.
 */
export const registryRules: SecretRuleSpec[] = [
  prefixedToken({
    id: 'npm-access-token',
    category: 'npm',
    title: 'npm Access Token',
    severity: 'CRITICAL',
    prefixes: ['npm_'],
    body: '[A-Za-z0-9]{36}',
    validate: (s) => hasCrc32Base62Checksum(s.slice(4)),
  }),
  {
    id: 'npmrc-auth-token',
    category: 'npm',
    title: 'npm Registry Auth Token (.npmrc)',
    severity: 'CRITICAL',
    keywords: [':_authtoken'],
    regex: /:_authToken[ \t]{0,4}=[ \t]{0,4}["']?(?<secret>[A-Za-z0-9_+/=.-]{20,512})["']?/i,
    anchor: 'keyword',
    generic: true,
    reject: (s) => isReference(s) || rejectPlaceholder(s),
  },
  {
    id: 'npmrc-basic-auth',
    category: 'npm',
    title: 'npm Registry Basic Auth (.npmrc _auth)',
    severity: 'CRITICAL',
    keywords: ['_auth'],
    regex: /_auth[ \t]{0,4}=[ \t]{0,4}["']?(?<secret>[A-Za-z0-9+/]{8,1024}={0,2})(?![A-Za-z0-9+/=])/,
    anchor: 'keyword',
    path: /(?:^|\/)\.?(?:npmrc|yarnrc)$/,
    reject: (s) => !isDockerAuth(s),
  },
  {
    id: 'yarn-npm-auth-token',
    category: 'npm',
    title: 'Yarn npmAuthToken',
    severity: 'CRITICAL',
    keywords: ['npmauthtoken'],
    regex: /npmAuthToken[ \t]{0,4}:[ \t]{0,4}["']?(?<secret>[A-Za-z0-9_+/=.-]{20,512})["']?/,
    anchor: 'keyword',
    generic: true,
    reject: (s) => isReference(s) || rejectPlaceholder(s),
  },
  prefixedToken({
    id: 'pypi-upload-token',
    category: 'PyPI',
    title: 'PyPI Upload Token',
    severity: 'CRITICAL',
    prefixes: ['pypi-AgEIcHlwaS5vcmc'],
    body: '[A-Za-z0-9_-]{50,2000}',
    validate: isPypiMacaroon,
  }),
  prefixedToken({
    id: 'test-pypi-upload-token',
    category: 'PyPI',
    title: 'TestPyPI Upload Token',
    severity: 'MEDIUM',
    prefixes: ['pypi-AgENdGVzdC5weXBpLm9yZw'],
    body: '[A-Za-z0-9_-]{50,2000}',
    validate: isPypiMacaroon,
  }),
  prefixedToken({ id: 'rubygems-api-key', category: 'RubyGems', title: 'RubyGems API Key', severity: 'CRITICAL', prefixes: ['rubygems_'], body: '[a-f0-9]{48}' }),
  prefixedToken({ id: 'nuget-api-key', category: 'NuGet', title: 'NuGet API Key', severity: 'CRITICAL', prefixes: ['oy2'], body: '[a-z0-9]{43}' }),
  prefixedToken({ id: 'dockerhub-pat', category: 'Docker', title: 'Docker Hub Personal Access Token', severity: 'CRITICAL', prefixes: ['dckr_pat_'], body: '[A-Za-z0-9_-]{27}' }),
  prefixedToken({ id: 'dockerhub-org-token', category: 'Docker', title: 'Docker Hub Organization Access Token', severity: 'CRITICAL', prefixes: ['dckr_oat_'], body: '[A-Za-z0-9_-]{32}' }),
  {
    id: 'docker-config-auth',
    category: 'Docker',
    title: 'Docker Registry Credentials (config.json auth)',
    severity: 'HIGH',
    keywords: ['"auth"'],
    regex: /"auth"[ \t]{0,4}:[ \t]{0,4}"(?<secret>[A-Za-z0-9+/]{8,2048}={0,2})"/,
    anchor: 'keyword',
    reject: (s) => !isDockerAuth(s),
  },
  {
    id: 'kubernetes-dockerconfig-secret',
    category: 'Docker',
    title: 'Kubernetes Docker Config Secret',
    severity: 'HIGH',
    keywords: ['.dockerconfigjson', '.dockercfg'],
    regex: /\.docker(?:configjson|cfg)["']?[ \t]{0,4}:[ \t]{0,4}["']?(?<secret>e[yw][A-Za-z0-9+/]{8,16384}={0,2})(?![A-Za-z0-9+/=])/,
    anchor: 'keyword',
  },
  prefixedToken({ id: 'crates-io-token', category: 'crates.io', title: 'crates.io API Token', severity: 'HIGH', prefixes: ['cio'], body: '[A-Za-z0-9]{32}', entropy: 3.5 }),
  prefixedToken({
    id: 'private-packagist-token',
    category: 'Packagist',
    title: 'Private Packagist Token',
    severity: 'HIGH',
    prefixes: ['packagist_ort_', 'packagist_out_', 'packagist_uut_', 'packagist_urt_'],
    body: '[A-Fa-f0-9]{60,80}',
  }),
  prefixedToken({ id: 'clojars-token', category: 'Clojars', title: 'Clojars Deploy Token', severity: 'HIGH', prefixes: ['CLOJARS_'], body: '[a-z0-9]{60}' }),
];
