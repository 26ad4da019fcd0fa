/**
 * `picket k8s --format sarif`: one SARIF 2.1.0 run for the whole cluster. Each result of each
 * resource entry is rendered by the report SARIF writer (src/report/writers/sarif.ts), so rules,
 * levels, scores and texts are those of `picket image`/`picket config`; its results are then
 * moved into the cluster's run (rule indexes renumbered, the last finding of a rule id setting its
 * texts, as the writer does) and located at the resource: `namespace/Kind/name` for a finding in
 * the live object (its lines refer to the object's YAML), `namespace/Kind/name/<image>/<path>`
 * for a finding in one of its images.
 */
import type { Report, Result } from '../../report/model.js';
import { sarifWriter } from '../../report/writers/sarif.js';
import type { K8sReport, K8sResource } from '../report.js';
import { imageOfEntry, resourcePath } from './resource-names.js';

interface SarifRule {
  id: string;
  [key: string]: unknown;
}

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: unknown };
  message?: { text: string };
  logicalLocations?: { name: string; fullyQualifiedName: string; kind: string }[];
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: SarifLocation[];
}

interface SarifRun {
  tool: { driver: { rules: SarifRule[]; [key: string]: unknown } };
  results: SarifResult[];
  columnKind?: string;
}

interface SarifLog {
  version: string;
  $schema: string;
  runs: SarifRun[];
}

export interface ClusterSarifOptions {
  /** The producing tool's version (default: the report's `Picket.Version`). */
  appVersion?: string;
}

/**
 * The cluster report as one SARIF 2.1.0 log: every vulnerability, failed check and secret of
 * every resource entry (objects' checks and secrets, their images' findings), each result located
 * at its resource (and image), with the resource (and image) as logical locations too.
 */
export function renderClusterSarif(report: K8sReport, options: ClusterSarifOptions = {}): string {
  const writerOptions = { color: false, ...(options.appVersion ? { appVersion: options.appVersion } : {}) };
  const skeleton = parseLog(sarifWriter.render(subReport(report, report.ClusterName, undefined, []), writerOptions));
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const results: SarifResult[] = [];
  for (const resource of report.Resources) {
    const image = imageOfEntry(resource);
    for (const result of resource.Results ?? []) {
      if (!hasFindings(result)) continue;
      const run = parseLog(sarifWriter.render(subReport(report, image ?? resourcePath(resource), resource, [result]), writerOptions)).runs[0];
      for (const found of run.results) {
        const rule = run.tool.driver.rules[found.ruleIndex];
        let index = ruleIndex.get(found.ruleId);
        if (index === undefined) {
          index = rules.length;
          ruleIndex.set(found.ruleId, index);
        }
        if (rule) rules[index] = rule;
        results.push(relocate(found, index, resource, image, result));
      }
    }
  }
  const base = skeleton.runs[0];
  const run = {
    tool: { driver: { ...base.tool.driver, rules } },
    results,
    columnKind: base.columnKind ?? 'utf16CodeUnits',
    properties: { clusterName: report.ClusterName },
  };
  return `${JSON.stringify({ version: skeleton.version, $schema: skeleton.$schema, runs: [run] }, null, 2)}\n`;
}

/** A report the SARIF writer renders: one entry's result, named by the image (image entries) or the resource. */
function subReport(report: K8sReport, name: string, resource: K8sResource | undefined, results: Result[]): Report {
  const image = resource ? imageOfEntry(resource) : undefined;
  return {
    SchemaVersion: 2,
    CreatedAt: '',
    ArtifactName: name,
    ArtifactType: image ? 'container_image' : 'filesystem',
    ...(image && resource?.Metadata ? { Metadata: resource.Metadata } : {}),
    Picket: report.Picket,
    Results: results,
  };
}

function hasFindings(result: Result): boolean {
  return Boolean(result.Vulnerabilities?.length || result.Secrets?.length || result.Misconfigurations?.some((m) => m.Status === 'FAIL'));
}

/**
 * The writer's result located at the resource: the artifact URI becomes `namespace/Kind/name`
 * (a finding in the live object) or `namespace/Kind/name/<image>[/<path in the image>]`, the
 * location's message names the resource and image, and the result's message starts with them.
 */
function relocate(found: SarifResult, ruleIndex: number, resource: K8sResource, image: string | undefined, result: Result): SarifResult {
  const path = resourcePath(resource);
  const logical = [{ name: resource.Name, fullyQualifiedName: path, kind: 'resource' }];
  if (image) logical.push({ name: image, fullyQualifiedName: `${path}/${image}`, kind: 'module' });
  const heading = `Resource: ${path}\n${image ? `Image: ${image}\n` : ''}`;
  return {
    ...found,
    ruleIndex,
    message: { text: `${heading}${found.message.text}` },
    locations: found.locations.map((location) => {
      const inImage = location.physicalLocation.artifactLocation.uri;
      // An OS package's location is the image's repository path: the image names it already.
      const uri = !image ? encodeURI(path) : result.Class === 'os-pkgs' ? encodeURI(`${path}/${image}`) : `${encodeURI(`${path}/${image}`)}/${inImage}`;
      const text = image ? `${path}: ${image}: ${location.message?.text ?? decodeSafely(inImage)}` : path;
      return {
        ...location,
        physicalLocation: { ...location.physicalLocation, artifactLocation: { ...location.physicalLocation.artifactLocation, uri } },
        message: { text },
        logicalLocations: logical,
      };
    }),
  };
}

function decodeSafely(uri: string): string {
  try {
    return decodeURI(uri);
  } catch {
    return uri;
  }
}

function parseLog(text: string): SarifLog {
  return JSON.parse(text) as SarifLog;
}
