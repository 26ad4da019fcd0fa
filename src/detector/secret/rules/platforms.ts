import type { SecretRuleSpec } from '../types.js';
import { assignedValue, prefixedToken } from './helpers.js';

/**
 * Hosting and data platforms: Cloudflare, Fastly, Netlify, Vercel, Fly.io, Render, Supabase,
 * PlanetScale, Databricks.
 */
export const platformRules: SecretRuleSpec[] = [
  assignedValue({
    id: 'cloudflare-api-token',
    category: 'Cloudflare',
    title: 'Cloudflare API Token',
    severity: 'HIGH',
    keywords: ['cloudflare', 'cf_api', 'cf-api', 'cf_token'],
    name: '(?:cloudflare|cf)[A-Za-z0-9_.-]{0,24}?(?:api[_.-]?token|token)',
    value: '[A-Za-z0-9_-]{40}',
    entropy: 3.8,
  }),
  assignedValue({
    id: 'cloudflare-global-api-key',
    category: 'Cloudflare',
    title: 'Cloudflare Global API Key',
    severity: 'CRITICAL',
    keywords: ['cloudflare', 'cf_api', 'cf-api', 'cf_auth', 'cf_key'],
    name: '(?:cloudflare|cf)[A-Za-z0-9_.-]{0,24}?(?:api[_.-]?key|auth[_.-]?key|key)',
    value: '[a-f0-9]{37}',
  }),
  prefixedToken({ id: 'cloudflare-origin-ca-key', category: 'Cloudflare', title: 'Cloudflare Origin CA Key', severity: 'HIGH', prefixes: ['v1.0-'], body: '[a-f0-9]{24}-[a-f0-9]{146}' }),
  assignedValue({ id: 'fastly-api-token', category: 'Fastly', title: 'Fastly API Token', severity: 'HIGH', keywords: ['fastly'], name: 'fastly[A-Za-z0-9_.-]{0,24}(?:token|api[_.-]?key|key)', value: '[A-Za-z0-9_-]{32}', entropy: 3.8 }),
  prefixedToken({ id: 'netlify-pat', category: 'Netlify', title: 'Netlify Personal Access Token', severity: 'HIGH', prefixes: ['nfp_'], body: '[A-Za-z0-9]{36}' }),
  assignedValue({ id: 'netlify-access-token', category: 'Netlify', title: 'Netlify Access Token', severity: 'HIGH', keywords: ['netlify'], name: 'netlify[A-Za-z0-9_.-]{0,24}(?:token|key)', value: '[A-Za-z0-9_-]{40,46}', entropy: 3.8 }),
  assignedValue({ id: 'vercel-token', category: 'Vercel', title: 'Vercel Access Token', severity: 'HIGH', keywords: ['vercel'], name: 'vercel[A-Za-z0-9_.-]{0,24}(?:token|key)', value: '[A-Za-z0-9]{24}', entropy: 3.8 }),
  prefixedToken({ id: 'flyio-access-token', category: 'Fly.io', title: 'Fly.io Access Token', severity: 'HIGH', prefixes: ['fo1_'], body: '[A-Za-z0-9_-]{43}' }),
  prefixedToken({ id: 'flyio-macaroon', category: 'Fly.io', title: 'Fly.io Macaroon Token', severity: 'HIGH', prefixes: ['FlyV1 fm1_', 'FlyV1 fm2_'], body: '[A-Za-z0-9+/=_,-]{100,4096}', after: '(?![A-Za-z0-9+/=_,-])' }),
  prefixedToken({ id: 'render-api-key', category: 'Render', title: 'Render API Key', severity: 'HIGH', prefixes: ['rnd_'], body: '[A-Za-z0-9]{32}' }),
  prefixedToken({ id: 'supabase-access-token', category: 'Supabase', title: 'Supabase Personal Access Token', severity: 'HIGH', prefixes: ['sbp_'], body: '[a-f0-9]{40}' }),
  prefixedToken({ id: 'supabase-secret-key', category: 'Supabase', title: 'Supabase Secret API Key', severity: 'CRITICAL', prefixes: ['sb_secret_'], body: '[A-Za-z0-9_-]{20,64}' }),
  prefixedToken({ id: 'planetscale-token', category: 'PlanetScale', title: 'PlanetScale Service Token', severity: 'HIGH', prefixes: ['pscale_tkn_'], body: '[A-Za-z0-9_.-]{32,64}' }),
  prefixedToken({ id: 'planetscale-password', category: 'PlanetScale', title: 'PlanetScale Database Password', severity: 'CRITICAL', prefixes: ['pscale_pw_'], body: '[A-Za-z0-9_.-]{32,64}' }),
  prefixedToken({ id: 'planetscale-oauth-token', category: 'PlanetScale', title: 'PlanetScale OAuth Token', severity: 'HIGH', prefixes: ['pscale_oauth_'], body: '[A-Za-z0-9_.-]{32,64}' }),
  prefixedToken({ id: 'databricks-token', category: 'Databricks', title: 'Databricks Personal Access Token', severity: 'HIGH', prefixes: ['dapi'], body: '[a-f0-9]{32}(?:-[0-9])?' }),
];
