import type { Registry } from 'prom-client';
import { parseReference } from '../oci/reference.js';
import { SEVERITIES, type ImageSummary, type SeverityCounts } from './image-summary.js';

/** A watched workload as the metrics see it: its config-audit counts and its containers' images. */
export interface SubjectView {
  namespace: string;
  kind: string;
  name: string;
  config?: SeverityCounts;
  containers: { container: string; image: string; digest: string; summary?: ImageSummary }[];
}

/** Where the metrics read the operator's state at each scrape. */
export interface MetricsSource {
  subjects(): Iterable<SubjectView>;
  queueDepth(): number;
  imagesKnown(): number;
  dbBuiltAt(): number | undefined;
}

/** The counters and histograms the operator updates as it works. */
export interface OperatorMetrics {
  registry: Registry;
  scanDone(mode: string, seconds: number, ok: boolean): void;
}

/**
 * The operator's Prometheus metrics (prom-client): gauges computed at each scrape from the
 * operator's state (so a deleted workload's series go with it), scan counters and a duration
 * histogram, and the process metrics. Cardinality: image series are workloads × containers ×
 * 5 severities; `picket_vulnerability_id` (one series per finding) only when `vulnIdSeries`.
 */
export async function createMetrics(source: MetricsSource, options: { vulnIdSeries: boolean }): Promise<OperatorMetrics> {
  const client = await import('prom-client');
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  // Gauges named like counters: promtool's lint (and Prometheus naming rules) refuse them.
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) registry.removeSingleMetric(name);
  const imageLabels = ['namespace', 'resource_kind', 'resource_name', 'container_name', 'image_registry', 'image_repository', 'image_tag', 'image_digest'] as const;

  const imageParts = (image: string, digest: string) => {
    try {
      const ref = parseReference(image);
      return { image_registry: ref.registry, image_repository: ref.repository, image_tag: ref.tag ?? '', image_digest: digest };
    } catch {
      return { image_registry: '', image_repository: image, image_tag: '', image_digest: digest };
    }
  };
  const eachContainer = function* () {
    for (const s of source.subjects()) {
      for (const c of s.containers) {
        if (!c.summary) continue;
        yield { labels: { namespace: s.namespace, resource_kind: s.kind, resource_name: s.name, container_name: c.container, ...imageParts(c.image, c.digest) }, summary: c.summary };
      }
    }
  };

  new client.Gauge({
    name: 'picket_image_vulnerabilities', help: 'Vulnerabilities in the image of a workload container, by severity', labelNames: [...imageLabels, 'severity'], registers: [registry],
    collect() {
      this.reset();
      for (const { labels, summary } of eachContainer()) for (const sev of SEVERITIES) this.set({ ...labels, severity: sev }, summary.vulnerabilities[sev]);
    },
  });
  new client.Gauge({
    name: 'picket_image_exposedsecrets', help: 'Secrets exposed in the image of a workload container, by severity', labelNames: [...imageLabels, 'severity'], registers: [registry],
    collect() {
      this.reset();
      for (const { labels, summary } of eachContainer()) for (const sev of SEVERITIES) this.set({ ...labels, severity: sev }, summary.secrets[sev]);
    },
  });
  new client.Gauge({
    name: 'picket_image_info', help: 'Image of a workload container (value 1), with its OS', labelNames: [...imageLabels, 'os_family', 'os_name'], registers: [registry],
    collect() {
      this.reset();
      for (const { labels, summary } of eachContainer()) this.set({ ...labels, os_family: summary.os?.family ?? '', os_name: summary.os?.name ?? '' }, 1);
    },
  });
  new client.Gauge({
    name: 'picket_resource_configaudits', help: 'Failed configuration checks of a workload or RBAC resource, by severity', labelNames: ['namespace', 'resource_kind', 'resource_name', 'severity'], registers: [registry],
    collect() {
      this.reset();
      for (const s of source.subjects()) {
        if (!s.config) continue;
        for (const sev of SEVERITIES) this.set({ namespace: s.namespace, resource_kind: s.kind, resource_name: s.name, severity: sev }, s.config[sev]);
      }
    },
  });
  if (options.vulnIdSeries) {
    new client.Gauge({
      name: 'picket_vulnerability_id', help: 'One vulnerability in the image of a workload container (value 1; opt-in: --metrics-vuln-id)',
      labelNames: ['namespace', 'resource_kind', 'resource_name', 'container_name', 'image_repository', 'image_tag', 'image_digest', 'vuln_id', 'severity', 'pkg_name', 'installed_version', 'fixed_version'], registers: [registry],
      collect() {
        this.reset();
        for (const { labels, summary } of eachContainer()) {
          for (const v of summary.vulnerabilityLines ?? []) {
            this.set({
              namespace: labels.namespace, resource_kind: labels.resource_kind, resource_name: labels.resource_name, container_name: labels.container_name,
              image_repository: labels.image_repository, image_tag: labels.image_tag, image_digest: labels.image_digest,
              vuln_id: v.id, severity: v.severity, pkg_name: v.pkg, installed_version: v.installed, fixed_version: v.fixed,
            }, 1);
          }
        }
      },
    });
  }
  new client.Gauge({ name: 'picket_scan_queue_depth', help: 'Image scans waiting to run', registers: [registry], collect() { this.set(source.queueDepth()); } });
  new client.Gauge({ name: 'picket_images_known', help: 'Unique images (digest and platform) the operator has analyzed', registers: [registry], collect() { this.set(source.imagesKnown()); } });
  new client.Gauge({
    name: 'picket_db_updated_timestamp_seconds', help: 'When the advisory DB in use was built (Unix seconds)', registers: [registry],
    collect() {
      const at = source.dbBuiltAt();
      if (at !== undefined) this.set(at / 1000);
    },
  });
  const duration = new client.Histogram({ name: 'picket_scan_duration_seconds', help: 'Time to analyze and evaluate one image', labelNames: ['mode'], buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300], registers: [registry] });
  const scans = new client.Counter({ name: 'picket_scans_total', help: 'Image scans finished, by result', labelNames: ['result'], registers: [registry] });
  const failed = new client.Counter({ name: 'picket_scans_failed_total', help: 'Image scans that failed', registers: [registry] });
  return {
    registry,
    scanDone(mode, seconds, ok) {
      duration.observe({ mode }, seconds);
      scans.inc({ result: ok ? 'ok' : 'failed' });
      if (!ok) failed.inc();
    },
  };
}
