/**
 * Test data: one report resource of each picket.dev kind, made by the operator's own builders
 * (src/operator/report-resources.ts) from a small image report and a live Deployment and
 * ClusterRole, so the CRD tests validate what the operator writes: they check them against the
 * CRDs' schemas and read them back through kubectl with the CRDs' printer columns.
 */
import { configAuditReport as buildConfigAudit, exposedSecretReport as buildSecrets, sbomReport as buildSbom, vulnerabilityReport as buildVulnerabilities } from '../../src/operator/report-resources.js';
import type { Report } from '../../src/report/model.js';
import type { K8sObject } from './deploy-files.js';

const image = 'registry.example.org/shop/cart:1.2';
const digest = 'sha256:4e1b0f3c9d8a7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f';
const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'cart', namespace: 'shop', uid: '6f1d2c3b-0a9e-4c8d-8b7a-1e2f3a4b5c6d' } };
const clusterRole = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader', uid: '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f' } };
const options = (fullReport: string) => ({ findings: 50, version: '0.1.0', now: new Date('2026-11-29T10:00:00Z'), fullReport });
const failed = (ID: string, Severity: 'CRITICAL' | 'HIGH', Title: string) => ({
  Type: 'Kubernetes Security Check', ID, AVDID: `AVD-${ID}`, Title, Description: '', Message: Title, Namespace: '', Query: '', Resolution: '', Severity, Status: 'FAIL' as const,
  CauseMetadata: { Provider: 'Kubernetes', Service: 'general' },
});

const imageReport: Report = {
  SchemaVersion: 2, CreatedAt: '2026-11-29T10:00:00Z', ArtifactName: image, ArtifactType: 'container_image', Picket: { Version: '0.1.0' },
  Metadata: { OS: { Family: 'debian', Name: '12.8' } },
  Results: [
    {
      Target: 'shop/cart (debian 12.8)', Class: 'os-pkgs', Type: 'debian',
      Packages: [{ ID: 'libexpat1@2.5.0-1', Name: 'libexpat1', Version: '2.5.0-1', Identifier: { PURL: 'pkg:deb/debian/libexpat1@2.5.0-1?distro=debian-12.8', UID: 'a1' }, AnalyzedBy: 'dpkg' }],
      Vulnerabilities: [{
        VulnerabilityID: 'CVE-2024-45490', PkgID: 'libexpat1@2.5.0-1', PkgName: 'libexpat1', PkgIdentifier: { PURL: 'pkg:deb/debian/libexpat1@2.5.0-1?distro=debian-12.8', UID: 'a1' },
        InstalledVersion: '2.5.0-1', FixedVersion: '2.5.0-1+deb12u1', Status: 'fixed', Severity: 'CRITICAL',
        Title: 'libexpat: Negative Length Parsing Vulnerability in libexpat', PrimaryURL: 'https://avd.aquasec.com/nvd/cve-2024-45490', CVSS: { nvd: { V3Score: 9.8 } },
      }],
    },
    {
      Target: '/srv/cart/.env', Class: 'secret',
      Secrets: [{ RuleID: 'stripe-secret-token', Category: 'Stripe', Severity: 'CRITICAL', Title: 'Stripe Secret Key', StartLine: 1, EndLine: 1, Code: { Lines: [] }, Match: 'STRIPE_KEY=****', Offset: 11 }],
    },
  ],
};

/** A VulnerabilityReport of container `cart` of Deployment shop/cart. */
export const vulnerabilityReport = buildVulnerabilities(deployment, 'cart', image, digest, imageReport, options('/reports/shop/Deployment/cart/cart')) as unknown as K8sObject;

/** A ConfigAuditReport of Deployment shop/cart. */
export const configAuditReport = buildConfigAudit(deployment, [{ Target: 'Deployment/cart', Class: 'config', Misconfigurations: [failed('KSV-0118', 'HIGH', 'Default security context configured')] }], options('/reports/shop/Deployment/cart')) as unknown as K8sObject;

/** A ClusterConfigAuditReport of ClusterRole `reader`. */
export const clusterConfigAuditReport = buildConfigAudit(clusterRole, [{ Target: 'ClusterRole/reader', Class: 'config', Misconfigurations: [failed('KSV-0041', 'CRITICAL', 'Manage secrets')] }], options('/reports/_/ClusterRole/reader')) as unknown as K8sObject;

/** An ExposedSecretReport of container `cart`. */
export const exposedSecretReport = buildSecrets(deployment, 'cart', { image, digest }, imageReport, options('/reports/shop/Deployment/cart/cart')) as unknown as K8sObject;

/** An SbomReport of container `cart`. */
export const sbomReport = buildSbom(deployment, 'cart', image, digest, imageReport, options('/reports/shop/Deployment/cart/cart')) as unknown as K8sObject;

/** Every sample, by kind. */
export const SAMPLE_REPORTS: readonly K8sObject[] = [vulnerabilityReport, configAuditReport, clusterConfigAuditReport, exposedSecretReport, sbomReport];
