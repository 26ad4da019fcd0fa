import type { SecretRuleSpec } from '../types.js';
import { assignedValue, prefixedToken, tokenNear } from './helpers.js';

/** Payments and commerce: Stripe, Square, Braintree/PayPal, Shopify, Razorpay, Flutterwave, Mollie, Plaid. */
export const paymentRules: SecretRuleSpec[] = [
  prefixedToken({ id: 'stripe-secret-key', category: 'Stripe', title: 'Stripe Live Secret Key', severity: 'CRITICAL', prefixes: ['sk_live_'], body: '[A-Za-z0-9]{24,247}' }),
  prefixedToken({ id: 'stripe-restricted-key', category: 'Stripe', title: 'Stripe Live Restricted Key', severity: 'CRITICAL', prefixes: ['rk_live_'], body: '[A-Za-z0-9]{24,247}' }),
  prefixedToken({ id: 'stripe-test-secret-key', category: 'Stripe', title: 'Stripe Test Secret Key', severity: 'LOW', prefixes: ['sk_test_', 'rk_test_'], body: '[A-Za-z0-9]{24,247}' }),
  prefixedToken({ id: 'stripe-webhook-secret', category: 'Stripe', title: 'Stripe Webhook Signing Secret', severity: 'HIGH', prefixes: ['whsec_'], body: '[A-Za-z0-9+/]{32,64}={0,2}', after: '(?![A-Za-z0-9_+/=-])' }),
  prefixedToken({ id: 'square-access-token', category: 'Square', title: 'Square Access Token', severity: 'CRITICAL', prefixes: ['EAAA'], body: '[A-Za-z0-9_-]{60}', entropy: 3.5 }),
  prefixedToken({ id: 'square-legacy-access-token', category: 'Square', title: 'Square Access Token (legacy)', severity: 'CRITICAL', prefixes: ['sq0atp-'], body: '[A-Za-z0-9_-]{22}' }),
  prefixedToken({ id: 'square-oauth-secret', category: 'Square', title: 'Square OAuth Secret', severity: 'CRITICAL', prefixes: ['sq0csp-'], body: '[A-Za-z0-9_-]{43}' }),
  {
    id: 'braintree-access-token',
    category: 'PayPal',
    title: 'PayPal Braintree Access Token',
    severity: 'CRITICAL',
    keywords: ['access_token$production$', 'access_token$sandbox$'],
    regex: /(?<secret>access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32})(?![0-9a-f])/,
    anchor: 'keyword',
  },
  assignedValue({
    id: 'paypal-client-secret',
    category: 'PayPal',
    title: 'PayPal REST Client Secret',
    severity: 'CRITICAL',
    keywords: ['paypal'],
    name: 'paypal[A-Za-z0-9_.-]{0,24}secret',
    value: 'E[A-Za-z0-9_-]{79}',
  }),
  prefixedToken({ id: 'shopify-access-token', category: 'Shopify', title: 'Shopify Access Token', severity: 'CRITICAL', prefixes: ['shpat_'], body: '[a-fA-F0-9]{32}' }),
  prefixedToken({ id: 'shopify-custom-app-token', category: 'Shopify', title: 'Shopify Custom App Access Token', severity: 'CRITICAL', prefixes: ['shpca_'], body: '[a-fA-F0-9]{32}' }),
  prefixedToken({ id: 'shopify-private-app-token', category: 'Shopify', title: 'Shopify Private App Access Token', severity: 'CRITICAL', prefixes: ['shppa_'], body: '[a-fA-F0-9]{32}' }),
  prefixedToken({ id: 'shopify-shared-secret', category: 'Shopify', title: 'Shopify Shared Secret', severity: 'HIGH', prefixes: ['shpss_'], body: '[a-fA-F0-9]{32}' }),
  prefixedToken({ id: 'razorpay-key', category: 'Razorpay', title: 'Razorpay Live Key ID', severity: 'MEDIUM', prefixes: ['rzp_live_'], body: '[A-Za-z0-9]{14}' }),
  prefixedToken({ id: 'flutterwave-secret-key', category: 'Flutterwave', title: 'Flutterwave Secret Key', severity: 'CRITICAL', prefixes: ['FLWSECK-', 'FLWSECK_TEST-'], body: '[a-h0-9]{32}-X' }),
  tokenNear({ id: 'mollie-api-key', category: 'Mollie', title: 'Mollie Live API Key', severity: 'CRITICAL', keywords: ['mollie'], token: 'live_[A-Za-z0-9]{30}' }),
  {
    id: 'plaid-access-token',
    category: 'Plaid',
    title: 'Plaid Access Token',
    severity: 'HIGH',
    keywords: ['access-production-', 'access-development-'],
    regex: /(?<![A-Za-z0-9_-])(?<secret>access-(?:production|development)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![A-Za-z0-9_-])/,
    anchor: 'keyword',
  },
];
