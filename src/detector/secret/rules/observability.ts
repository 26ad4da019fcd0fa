import type { SecretRuleSpec } from '../types.js';
import { base64Json } from '../validators/structure.js';
import { HEX32, UUID, assignedValue, prefixedToken, tokenNear } from './helpers.js';

/** Sentry org tokens: `sntrys_`, a base64 JSON payload (iat, url, org…), `_`, a secret. */
function sentryPayload(token: string): boolean {
  const payload = token.slice('sntrys_'.length, token.lastIndexOf('_'));
  return typeof base64Json(payload)?.iat === 'number';
}

/**
 * Observability: Datadog, New Relic, Sentry, Grafana (Cloud, service accounts, legacy API keys),
 * Honeycomb, Dynatrace, Splunk, PagerDuty, Opsgenie, Rollbar, Bugsnag, PostHog, LaunchDarkly.
 */
export const observabilityRules: SecretRuleSpec[] = [
  assignedValue({
    id: 'datadog-api-key',
    category: 'Datadog',
    title: 'Datadog API Key',
    severity: 'HIGH',
    keywords: ['datadog', 'dd_api', 'dd-api', 'ddapi'],
    name: '(?:datadog|dd)[A-Za-z0-9_.-]{0,24}?(?:api[_.-]?key|apikey)',
    value: HEX32,
  }),
  assignedValue({
    id: 'datadog-app-key',
    category: 'Datadog',
    title: 'Datadog Application Key',
    severity: 'HIGH',
    keywords: ['datadog', 'dd_app', 'dd-app', 'ddapp'],
    name: '(?:datadog|dd)[A-Za-z0-9_.-]{0,24}?app(?:lication)?[_.-]?key',
    value: '[a-f0-9]{40}',
  }),
  prefixedToken({ id: 'newrelic-user-api-key', category: 'New Relic', title: 'New Relic User API Key', severity: 'HIGH', prefixes: ['NRAK-'], body: '[A-Z0-9]{27}' }),
  prefixedToken({ id: 'newrelic-insert-key', category: 'New Relic', title: 'New Relic Insert Key', severity: 'HIGH', prefixes: ['NRII-'], body: '[A-Za-z0-9_-]{32}' }),
  prefixedToken({ id: 'newrelic-browser-key', category: 'New Relic', title: 'New Relic Browser API Key', severity: 'LOW', prefixes: ['NRJS-'], body: '[a-f0-9]{19}' }),
  prefixedToken({ id: 'newrelic-admin-key', category: 'New Relic', title: 'New Relic Admin API Key', severity: 'HIGH', prefixes: ['NRAA-'], body: '[a-f0-9]{27}' }),
  {
    id: 'newrelic-license-key',
    category: 'New Relic',
    title: 'New Relic License Key',
    severity: 'HIGH',
    keywords: ['nral'],
    regex: /(?<![A-Za-z0-9_-])(?<secret>[a-f0-9]{36}NRAL)(?![A-Za-z0-9_-])/,
    anchor: 'keyword',
    lead: 36,
  },
  prefixedToken({ id: 'sentry-org-token', category: 'Sentry', title: 'Sentry Organization Auth Token', severity: 'HIGH', prefixes: ['sntrys_'], body: 'eyJ[A-Za-z0-9+/=]{40,400}_[A-Za-z0-9+/]{43}', after: '(?![A-Za-z0-9_+/=-])', validate: sentryPayload }),
  prefixedToken({ id: 'sentry-user-token', category: 'Sentry', title: 'Sentry User Auth Token', severity: 'HIGH', prefixes: ['sntryu_'], body: '[a-f0-9]{64}' }),
  prefixedToken({
    id: 'grafana-cloud-token',
    category: 'Grafana',
    title: 'Grafana Cloud Access Policy Token',
    severity: 'HIGH',
    prefixes: ['glc_'],
    body: '[A-Za-z0-9+/]{32,400}={0,2}',
    after: '(?![A-Za-z0-9_+/=-])',
    validate: (s) => base64Json(s.slice(4)) !== undefined,
  }),
  prefixedToken({ id: 'grafana-service-account-token', category: 'Grafana', title: 'Grafana Service Account Token', severity: 'HIGH', prefixes: ['glsa_'], body: '[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}' }),
  prefixedToken({
    id: 'grafana-api-key',
    category: 'Grafana',
    title: 'Grafana API Key',
    severity: 'HIGH',
    prefixes: ['eyJrIjoi'],
    body: '[A-Za-z0-9+/]{60,120}={0,2}',
    after: '(?![A-Za-z0-9_+/=-])',
    validate: (s) => typeof base64Json(s)?.k === 'string',
  }),
  prefixedToken({ id: 'honeycomb-api-key', category: 'Honeycomb', title: 'Honeycomb Ingest Key', severity: 'HIGH', prefixes: ['hcaik_', 'hcxik_'], body: '[a-z0-9]{58}' }),
  prefixedToken({ id: 'dynatrace-api-token', category: 'Dynatrace', title: 'Dynatrace API Token', severity: 'HIGH', prefixes: ['dt0c01.', 'dt0s01.', 'dt0s02.', 'dt0s16.'], body: '[A-Z0-9]{24}\\.[A-Z0-9]{64}' }),
  assignedValue({
    id: 'splunk-hec-token',
    category: 'Splunk',
    title: 'Splunk HTTP Event Collector Token',
    severity: 'HIGH',
    keywords: ['splunk'],
    name: 'splunk[A-Za-z0-9_.-]{0,24}?(?:token|key)|Authorization:[ \\t]{0,4}Splunk',
    value: UUID,
  }),
  assignedValue({ id: 'pagerduty-api-key', category: 'PagerDuty', title: 'PagerDuty API Key', severity: 'HIGH', keywords: ['pagerduty'], name: 'pagerduty[A-Za-z0-9_.-]{0,24}(?:token|api[_.-]?key|key)', value: '(?:u\\+)?[A-Za-z0-9_+-]{20}', entropy: 3.5 }),
  assignedValue({ id: 'opsgenie-api-key', category: 'Opsgenie', title: 'Opsgenie API Key', severity: 'HIGH', keywords: ['opsgenie'], name: 'opsgenie[A-Za-z0-9_.-]{0,24}(?:token|api[_.-]?key|key)', value: UUID }),
  assignedValue({ id: 'rollbar-access-token', category: 'Rollbar', title: 'Rollbar Access Token', severity: 'MEDIUM', keywords: ['rollbar'], name: 'rollbar[A-Za-z0-9_.-]{0,24}(?:token|key)', value: HEX32 }),
  assignedValue({ id: 'bugsnag-api-key', category: 'Bugsnag', title: 'Bugsnag API Key', severity: 'MEDIUM', keywords: ['bugsnag'], name: 'bugsnag[A-Za-z0-9_.-]{0,24}(?:token|api[_.-]?key|key)', value: HEX32 }),
  prefixedToken({ id: 'posthog-personal-api-key', category: 'PostHog', title: 'PostHog Personal API Key', severity: 'HIGH', prefixes: ['phx_'], body: '[A-Za-z0-9]{43}' }),
  tokenNear({ id: 'launchdarkly-access-token', category: 'LaunchDarkly', title: 'LaunchDarkly Access Token', severity: 'HIGH', keywords: ['launchdarkly'], token: `(?:api|sdk)-${UUID}` }),
];
