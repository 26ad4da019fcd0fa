import type { SecretRuleSpec } from '../types.js';
import { HEX32, UUID, assignedValue, prefixedToken, tokenNear } from './helpers.js';

/** A Discord bot token's first part is the bot's numeric user id in base64. */
function discordUserIdPart(token: string): boolean {
  const first = token.slice(0, token.indexOf('.'));
  return /^\d{17,20}$/.test(Buffer.from(first, 'base64').toString('latin1'));
}

/**
 * Chat and mail: Slack (structured tokens and webhooks), Discord, Telegram, Microsoft Teams
 * webhooks, Twilio, SendGrid, Mailgun, Mailchimp, Mandrill, Postmark, SparkPost, Brevo,
 * MailerSend, Mailjet, Resend, Vonage, Intercom.
 */
export const chatMailRules: SecretRuleSpec[] = [
  // Slack: the numeric parts are team, user and bot ids; what follows has a fixed alphabet and length.
  prefixedToken({ id: 'slack-bot-token', category: 'Slack', title: 'Slack Bot Token', severity: 'CRITICAL', prefixes: ['xoxb-'], body: '[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24}' }),
  prefixedToken({ id: 'slack-user-token', category: 'Slack', title: 'Slack User Token', severity: 'CRITICAL', prefixes: ['xoxp-'], body: '[0-9]{10,13}-[0-9]{10,13}-[0-9]{10,13}-[a-f0-9]{32}' }),
  prefixedToken({ id: 'slack-app-token', category: 'Slack', title: 'Slack App-Level Token', severity: 'HIGH', prefixes: ['xapp-'], body: '[0-9]-[A-Z0-9]{9,11}-[0-9]{10,13}-[a-f0-9]{64}' }),
  prefixedToken({ id: 'slack-config-access-token', category: 'Slack', title: 'Slack Configuration Access Token', severity: 'HIGH', prefixes: ['xoxe.xoxp-', 'xoxe.xoxb-'], body: '[0-9]-[A-Za-z0-9]{160,170}' }),
  prefixedToken({ id: 'slack-config-refresh-token', category: 'Slack', title: 'Slack Configuration Refresh Token', severity: 'HIGH', prefixes: ['xoxe-'], body: '[0-9]-[A-Za-z0-9]{140,150}' }),
  prefixedToken({ id: 'slack-legacy-token', category: 'Slack', title: 'Slack Legacy Token', severity: 'HIGH', prefixes: ['xoxa-', 'xoxo-', 'xoxr-', 'xoxs-'], body: '[0-9]{1,13}-[0-9]{1,13}(?:-[0-9]{1,13})?-[A-Za-z0-9]{20,64}' }),
  {
    id: 'slack-webhook-url',
    category: 'Slack',
    title: 'Slack Incoming Webhook URL',
    severity: 'HIGH',
    keywords: ['hooks.slack.com/'],
    regex: /(?<secret>https?:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/T[A-Z0-9]{8,12}\/[A-Z0-9]{8,12}\/[A-Za-z0-9]{23,25})(?![A-Za-z0-9])/,
    anchor: 'window',
    window: { before: 8, after: 120 },
  },
  tokenNear({
    id: 'discord-bot-token',
    category: 'Discord',
    title: 'Discord Bot Token',
    severity: 'HIGH',
    keywords: ['discord'],
    token: '[MNO][A-Za-z0-9_-]{23,25}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,38}',
    validate: discordUserIdPart,
  }),
  {
    id: 'discord-webhook-url',
    category: 'Discord',
    title: 'Discord Webhook URL',
    severity: 'HIGH',
    keywords: ['/api/webhooks/'],
    regex: /(?<secret>https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/[0-9]{17,20}\/[A-Za-z0-9_-]{60,70})(?![A-Za-z0-9_-])/,
    anchor: 'window',
    window: { before: 40, after: 120 },
  },
  {
    id: 'telegram-bot-token',
    category: 'Telegram',
    title: 'Telegram Bot Token',
    severity: 'HIGH',
    keywords: [':aa'],
    regex: /(?<![A-Za-z0-9_:-])(?<secret>[0-9]{8,10}:AA[A-Za-z0-9_-]{33})(?![A-Za-z0-9_-])/,
    anchor: 'window',
    window: { before: 11, after: 40 },
  },
  {
    id: 'microsoft-teams-webhook-url',
    category: 'Microsoft Teams',
    title: 'Microsoft Teams Incoming Webhook URL',
    severity: 'HIGH',
    keywords: ['.webhook.office.com/'],
    regex: new RegExp(`(?<secret>https://[a-z0-9-]{1,64}\\.webhook\\.office\\.com/webhookb2/${UUID}@${UUID}/IncomingWebhook/[a-f0-9]{32}/${UUID}(?:/[A-Za-z0-9_-]{1,64})?)`),
    anchor: 'window',
    window: { before: 72, after: 260 },
  },
  tokenNear({ id: 'twilio-api-key', category: 'Twilio', title: 'Twilio API Key', severity: 'HIGH', keywords: ['twilio'], token: 'SK[0-9a-fA-F]{32}' }),
  assignedValue({
    id: 'twilio-auth-token',
    category: 'Twilio',
    title: 'Twilio Auth Token',
    severity: 'CRITICAL',
    keywords: ['twilio'],
    name: 'twilio[A-Za-z0-9_.-]{0,24}(?:auth[_.-]?token|secret)',
    value: HEX32,
  }),
  prefixedToken({ id: 'sendgrid-api-key', category: 'SendGrid', title: 'SendGrid API Key', severity: 'CRITICAL', prefixes: ['SG.'], body: '[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}' }),
  tokenNear({ id: 'mailgun-api-key', category: 'Mailgun', title: 'Mailgun API Key', severity: 'HIGH', keywords: ['mailgun'], token: '(?:key-[0-9a-f]{32}|[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8})' }),
  {
    id: 'mailchimp-api-key',
    category: 'Mailchimp',
    title: 'Mailchimp API Key',
    severity: 'HIGH',
    keywords: ['-us'],
    regex: /(?<![A-Za-z0-9_-])(?<secret>[0-9a-f]{32}-us[0-9]{1,2})(?![A-Za-z0-9_-])/,
    anchor: 'keyword',
    lead: 32,
  },
  tokenNear({ id: 'mandrill-api-key', category: 'Mailchimp', title: 'Mandrill API Key', severity: 'HIGH', keywords: ['mandrill'], token: 'md-[A-Za-z0-9_-]{22}' }),
  assignedValue({
    id: 'postmark-server-token',
    category: 'Postmark',
    title: 'Postmark Server Token',
    severity: 'HIGH',
    keywords: ['postmark'],
    name: 'postmark[A-Za-z0-9_.-]{0,24}(?:token|api[_.-]?key|key)',
    value: UUID,
  }),
  assignedValue({
    id: 'sparkpost-api-key',
    category: 'SparkPost',
    title: 'SparkPost API Key',
    severity: 'HIGH',
    keywords: ['sparkpost'],
    name: 'sparkpost[A-Za-z0-9_.-]{0,24}(?:token|api[_.-]?key|key)',
    value: '[a-f0-9]{40}',
  }),
  prefixedToken({ id: 'brevo-api-key', category: 'Brevo', title: 'Brevo (Sendinblue) API Key', severity: 'HIGH', prefixes: ['xkeysib-', 'xsmtpsib-'], body: '[a-f0-9]{64}-[A-Za-z0-9]{16}' }),
  prefixedToken({ id: 'mailersend-api-token', category: 'MailerSend', title: 'MailerSend API Token', severity: 'HIGH', prefixes: ['mlsn.'], body: '[a-f0-9]{64}' }),
  assignedValue({
    id: 'mailjet-api-secret',
    category: 'Mailjet',
    title: 'Mailjet API Secret',
    severity: 'HIGH',
    keywords: ['mailjet', 'mj_apikey', 'mj_secret'],
    name: 'mailjet[A-Za-z0-9_.-]{0,24}(?:secret|private)|mj_(?:apikey_private|secret)',
    value: HEX32,
  }),
  prefixedToken({ id: 'resend-api-key', category: 'Resend', title: 'Resend API Key', severity: 'HIGH', prefixes: ['re_'], body: '[A-Za-z0-9]{8}_[A-Za-z0-9]{24}', entropy: 3.5 }),
  assignedValue({
    id: 'vonage-api-secret',
    category: 'Vonage',
    title: 'Vonage (Nexmo) API Secret',
    severity: 'HIGH',
    keywords: ['vonage', 'nexmo'],
    name: '(?:vonage|nexmo)[A-Za-z0-9_.-]{0,24}secret',
    value: '[A-Za-z0-9]{16}',
    entropy: 3.2,
  }),
  prefixedToken({ id: 'intercom-access-token', category: 'Intercom', title: 'Intercom Access Token', severity: 'HIGH', prefixes: ['dG9rO'], body: '[A-Za-z0-9+/]{50,60}={0,2}', after: '(?![A-Za-z0-9+/=])' }),
];
