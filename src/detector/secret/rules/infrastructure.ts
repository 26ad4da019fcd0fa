import type { SecretRuleSpec } from '../types.js';
import { isBech32 } from '../validators/bech32.js';
import { base64Json } from '../validators/structure.js';
import { prefixedToken } from './helpers.js';

/**
 * Infrastructure secrets: HashiCorp Vault and Terraform Cloud tokens, Pulumi, Doppler,
 * 1Password service accounts and secret keys, age keys (Bech32 checksum), kubeconfig client keys.
 */
export const infrastructureRules: SecretRuleSpec[] = [
  prefixedToken({ id: 'vault-service-token', category: 'HashiCorp', title: 'HashiCorp Vault Service Token', severity: 'CRITICAL', prefixes: ['hvs.'], body: '[A-Za-z0-9_-]{90,120}' }),
  prefixedToken({ id: 'vault-batch-token', category: 'HashiCorp', title: 'HashiCorp Vault Batch Token', severity: 'HIGH', prefixes: ['hvb.'], body: '[A-Za-z0-9_-]{138,300}' }),
  {
    id: 'terraform-cloud-token',
    category: 'HashiCorp',
    title: 'Terraform Cloud / Enterprise API Token',
    severity: 'CRITICAL',
    keywords: ['.atlasv1.'],
    regex: /(?<![A-Za-z0-9_-])(?<secret>[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70})(?![A-Za-z0-9_=-])/,
    anchor: 'keyword',
    lead: 14,
  },
  prefixedToken({ id: 'pulumi-access-token', category: 'Pulumi', title: 'Pulumi Access Token', severity: 'HIGH', prefixes: ['pul-'], body: '[a-f0-9]{40}' }),
  prefixedToken({
    id: 'doppler-token',
    category: 'Doppler',
    title: 'Doppler Token',
    severity: 'HIGH',
    prefixes: ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.', 'dp.scim.', 'dp.audit.'],
    body: '(?:[a-z0-9_-]{1,64}\\.)?[A-Za-z0-9]{40,44}',
    after: '(?![A-Za-z0-9_.-])',
  }),
  prefixedToken({
    id: 'onepassword-service-account-token',
    category: '1Password',
    title: '1Password Service Account Token',
    severity: 'CRITICAL',
    prefixes: ['ops_eyJ'],
    body: '[A-Za-z0-9+/_-]{100,2000}={0,2}',
    after: '(?![A-Za-z0-9_+/=-])',
    validate: (s) => base64Json(s.slice(4)) !== undefined,
  }),
  prefixedToken({
    id: 'onepassword-secret-key',
    category: '1Password',
    title: '1Password Secret Key',
    severity: 'CRITICAL',
    prefixes: ['A3-'],
    body: '[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}',
  }),
  prefixedToken({
    id: 'age-secret-key',
    category: 'age',
    title: 'age Secret Key',
    severity: 'CRITICAL',
    prefixes: ['AGE-SECRET-KEY-1'],
    body: '[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}',
    validate: isBech32,
  }),
  {
    id: 'kubeconfig-client-key',
    category: 'Kubernetes',
    title: 'Kubernetes Client Key (kubeconfig client-key-data)',
    severity: 'CRITICAL',
    keywords: ['client-key-data'],
    regex: /client-key-data["']?[ \t]{0,4}:[ \t]{0,4}["']?(?<secret>[A-Za-z0-9+/]{100,16384}={0,2})(?![A-Za-z0-9+/=])/,
    anchor: 'keyword',
    validate: (s) => Buffer.from(s, 'base64').subarray(0, 40).toString('latin1').includes('PRIVATE KEY'),
  },
];
