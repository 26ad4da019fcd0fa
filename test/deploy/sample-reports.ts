/**
 * Test data: one report resource of each picket.dev kind, shaped as the operator's contract
 * describes them (top-level `report`, the labels every report carries, an ownerReference to the
 * workload). The CRD tests validate them against the CRDs' schemas and read them back through
 * kubectl with the CRDs' printer columns.
 */
import type { K8sObject } from './deploy-files.js';

const scanner = { name: 'picket', vendor: 'picket', version: '0.1.0' };
const artifact = { repository: 'shop/cart', tag: '1.2', digest: 'sha256:4e1b0f3c9d8a7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f' };
const workloadLabels = {
  'picket.dev/resource-kind': 'Deployment',
  'picket.dev/resource-name': 'cart',
  'picket.dev/resource-namespace': 'shop',
};
const imageLabels = { ...workloadLabels, 'picket.dev/container-name': 'cart' };
const owner = [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'cart', uid: '6f1d2c3b-0a9e-4c8d-8b7a-1e2f3a4b5c6d', controller: true }];

/** A VulnerabilityReport of container `cart` of Deployment shop/cart. */
export const vulnerabilityReport: K8sObject = {
  apiVersion: 'picket.dev/v1alpha1',
  kind: 'VulnerabilityReport',
  metadata: { name: 'deployment-cart-cart', namespace: 'shop', labels: imageLabels, ownerReferences: owner },
  report: {
    updateTimestamp: '2026-11-29T10:00:00Z',
    scanner,
    registry: { server: 'registry.example.org' },
    artifact,
    os: { family: 'debian', name: '12.8', eosl: false },
    summary: { criticalCount: 2, highCount: 5, mediumCount: 11, lowCount: 20, unknownCount: 1 },
    vulnerabilities: [{
      vulnerabilityID: 'CVE-2024-45490', resource: 'libexpat1', installedVersion: '2.5.0-1', fixedVersion: '2.5.0-1+deb12u1',
      severity: 'CRITICAL', score: 9.8, title: 'libexpat: Negative Length Parsing Vulnerability in libexpat', primaryLink: 'https://avd.aquasec.com/nvd/cve-2024-45490',
    }],
    vulnerabilitiesTotal: 39,
    fullReport: '/reports/shop/Deployment/cart/cart',
  },
};

/** A ConfigAuditReport of Deployment shop/cart. */
export const configAuditReport: K8sObject = {
  apiVersion: 'picket.dev/v1alpha1',
  kind: 'ConfigAuditReport',
  metadata: { name: 'deployment-cart', namespace: 'shop', labels: workloadLabels, ownerReferences: owner },
  report: {
    updateTimestamp: '2026-11-29T10:00:00Z',
    scanner,
    summary: { criticalCount: 0, highCount: 1, mediumCount: 3, lowCount: 4 },
    checks: [{ checkID: 'KSV-0118', title: 'Default security context configured', severity: 'HIGH', success: false, messages: ["Deployment 'cart' uses the default security context"] }],
    checksTotal: 8,
  },
};

/** A ClusterConfigAuditReport of ClusterRole `reader`. */
export const clusterConfigAuditReport: K8sObject = {
  apiVersion: 'picket.dev/v1alpha1',
  kind: 'ClusterConfigAuditReport',
  metadata: {
    name: 'clusterrole-reader',
    labels: { 'picket.dev/resource-kind': 'ClusterRole', 'picket.dev/resource-name': 'reader', 'picket.dev/resource-namespace': '' },
  },
  report: {
    updateTimestamp: '2026-11-29T10:00:00Z',
    scanner,
    summary: { criticalCount: 1, highCount: 0, mediumCount: 0, lowCount: 0 },
    checks: [{ checkID: 'KSV-0041', title: 'Manage secrets', severity: 'CRITICAL', success: false }],
    checksTotal: 1,
  },
};

/** An ExposedSecretReport of container `cart`. */
export const exposedSecretReport: K8sObject = {
  apiVersion: 'picket.dev/v1alpha1',
  kind: 'ExposedSecretReport',
  metadata: { name: 'deployment-cart-cart', namespace: 'shop', labels: imageLabels, ownerReferences: owner },
  report: {
    updateTimestamp: '2026-11-29T10:00:00Z',
    scanner,
    registry: { server: 'registry.example.org' },
    artifact,
    summary: { criticalCount: 1, highCount: 0, mediumCount: 0, lowCount: 0 },
    secrets: [{ ruleID: 'stripe-secret-token', category: 'Stripe', severity: 'CRITICAL', title: 'Stripe Secret Key', target: '/srv/cart/.env', match: 'STRIPE_KEY=****' }],
    secretsTotal: 1,
  },
};

/** An SbomReport of container `cart`. */
export const sbomReport: K8sObject = {
  apiVersion: 'picket.dev/v1alpha1',
  kind: 'SbomReport',
  metadata: { name: 'deployment-cart-cart', namespace: 'shop', labels: imageLabels, ownerReferences: owner },
  report: {
    updateTimestamp: '2026-11-29T10:00:00Z',
    scanner,
    registry: { server: 'registry.example.org' },
    artifact,
    summary: { componentsCount: 212, dependenciesCount: 340 },
    components: {
      bomFormat: 'CycloneDX', specVersion: '1.6',
      components: [{ 'bom-ref': 'pkg:deb/debian/libexpat1@2.5.0-1?distro=debian-12.8', type: 'library', name: 'libexpat1', version: '2.5.0-1' }],
    },
    fullReport: '/reports/shop/Deployment/cart/cart',
  },
};

/** Every sample, by kind. */
export const SAMPLE_REPORTS: readonly K8sObject[] = [vulnerabilityReport, configAuditReport, clusterConfigAuditReport, exposedSecretReport, sbomReport];
