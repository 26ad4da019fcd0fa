/**
 * deploy/crds against the operator's contract: one CRD per file, group picket.dev, version
 * v1alpha1, the names, short names, scope and printer columns the contract lists, a top-level
 * `report` that keeps unknown fields (no spec, no status subresource), structural schemas (what
 * a real apiserver requires), and the contract's report shapes valid against the schemas
 * (validated with ajv, as the apiserver would).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import { crdDir, readObjects, yamlFiles, type K8sObject } from './deploy-files.js';
import { SAMPLE_REPORTS, vulnerabilityReport } from './sample-reports.js';

const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

type Column = [name: string, type: string, jsonPath: string];
const SEVERITY_COLUMNS: Column[] = [
  ['Critical', 'integer', '.report.summary.criticalCount'],
  ['High', 'integer', '.report.summary.highCount'],
  ['Medium', 'integer', '.report.summary.mediumCount'],
  ['Low', 'integer', '.report.summary.lowCount'],
];
const IMAGE_COLUMNS: Column[] = [['Repository', 'string', '.report.artifact.repository'], ['Tag', 'string', '.report.artifact.tag']];
const AGE: Column = ['Age', 'date', '.metadata.creationTimestamp'];

/** The operator contract's table of report kinds. */
const CONTRACT: { kind: string; plural: string; shortNames: string[]; scope: string; columns: Column[] }[] = [
  { kind: 'VulnerabilityReport', plural: 'vulnerabilityreports', shortNames: ['vuln', 'vulns'], scope: 'Namespaced', columns: [...IMAGE_COLUMNS, ...SEVERITY_COLUMNS, AGE] },
  { kind: 'ConfigAuditReport', plural: 'configauditreports', shortNames: ['configaudit', 'configaudits'], scope: 'Namespaced', columns: [...SEVERITY_COLUMNS, AGE] },
  { kind: 'ClusterConfigAuditReport', plural: 'clusterconfigauditreports', shortNames: ['clusterconfigaudit'], scope: 'Cluster', columns: [...SEVERITY_COLUMNS, AGE] },
  { kind: 'ExposedSecretReport', plural: 'exposedsecretreports', shortNames: ['exposedsecret', 'exposedsecrets'], scope: 'Namespaced', columns: [...IMAGE_COLUMNS, ...SEVERITY_COLUMNS, AGE] },
  { kind: 'SbomReport', plural: 'sbomreports', shortNames: ['sbom', 'sboms'], scope: 'Namespaced', columns: [...IMAGE_COLUMNS, ['Components', 'integer', '.report.summary.componentsCount'], AGE] },
];

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  required?: string[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
}

interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  subresources?: unknown;
  additionalPrinterColumns: { name: string; type: string; jsonPath: string }[];
  schema: { openAPIV3Schema: Schema };
}

interface CrdSpec {
  group: string;
  scope: string;
  names: { kind: string; listKind: string; plural: string; singular: string; shortNames: string[] };
  versions: CrdVersion[];
}

const crdOf = (plural: string): K8sObject & { spec: CrdSpec } => {
  const objects = readObjects(join(crdDir, `picket.dev_${plural}.yaml`));
  assert.equal(objects.length, 1, `one object in picket.dev_${plural}.yaml`);
  return objects[0] as K8sObject & { spec: CrdSpec };
};

/** Where a schema is not structural: a node with neither a type nor x-kubernetes-preserve-unknown-fields. */
function untypedNodes(schema: Schema, path = ''): string[] {
  const own = schema.type || schema['x-kubernetes-preserve-unknown-fields'] ? [] : [path || '/'];
  const children = Object.entries(schema.properties ?? {}).flatMap(([key, child]) => untypedNodes(child, `${path}.${key}`));
  return [...own, ...children, ...(schema.items ? untypedNodes(schema.items, `${path}[]`) : [])];
}

function validator(schema: Schema): (doc: unknown) => string[] {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (doc) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`));
}

test('deploy/crds holds exactly the contract\'s five CRDs, each in its own file, all listed in its kustomization', () => {
  const files = yamlFiles(crdDir).filter((n) => n !== 'kustomization.yaml');
  assert.deepEqual(files, CONTRACT.map((c) => `picket.dev_${c.plural}.yaml`).sort());
  const kustomization = readObjects(join(crdDir, 'kustomization.yaml'))[0] as unknown as { resources: string[] };
  assert.deepEqual([...kustomization.resources].sort(), files);
});

for (const c of CONTRACT) {
  test(`${c.kind}: names, scope, version, printer columns and a report that keeps unknown fields`, () => {
    const crd = crdOf(c.plural);
    assert.equal(crd.apiVersion, 'apiextensions.k8s.io/v1');
    assert.equal(crd.kind, 'CustomResourceDefinition');
    assert.equal(crd.metadata.name, `${c.plural}.picket.dev`);
    const { spec } = crd;
    assert.equal(spec.group, 'picket.dev');
    assert.equal(spec.scope, c.scope);
    assert.deepEqual(spec.names, { kind: c.kind, listKind: `${c.kind}List`, plural: c.plural, singular: c.plural.replace(/s$/, ''), shortNames: c.shortNames });
    assert.deepEqual(spec.versions.map((v) => [v.name, v.served, v.storage]), [['v1alpha1', true, true]]);
    const [version] = spec.versions;
    assert.equal(version.subresources, undefined, 'no status subresource');
    assert.deepEqual(version.additionalPrinterColumns.map((col) => [col.name, col.type, col.jsonPath]), c.columns);

    const root = version.schema.openAPIV3Schema;
    assert.equal(root.type, 'object');
    assert.deepEqual(Object.keys(root.properties ?? {}).sort(), ['apiVersion', 'kind', 'metadata', 'report']);
    assert.equal(root.properties?.report.type, 'object');
    assert.equal(root.properties?.report['x-kubernetes-preserve-unknown-fields'], true);
    assert.deepEqual(untypedNodes(root), [], 'a structural schema: every node has a type (or keeps unknown fields)');
  });
}

test('the contract\'s report shapes are valid against the CRDs\' schemas, and a wrong type is not', () => {
  for (const sample of SAMPLE_REPORTS) {
    const c = CONTRACT.find((x) => x.kind === sample.kind)!;
    const validate = validator(crdOf(c.plural).spec.versions[0].schema.openAPIV3Schema);
    assert.deepEqual(validate(sample), [], sample.kind);
    // fields the CRD does not describe are kept (x-kubernetes-preserve-unknown-fields)
    assert.deepEqual(validate({ ...sample, report: { ...(sample.report as object), extra: { any: ['thing'] } } }), [], `${sample.kind} with an extra field`);
  }
  const validate = validator(crdOf('vulnerabilityreports').spec.versions[0].schema.openAPIV3Schema);
  const report = vulnerabilityReport.report as { summary: object };
  const wrong = { ...vulnerabilityReport, report: { ...report, summary: { ...report.summary, criticalCount: 'two' } } };
  assert.match(validate(wrong).join('\n'), /\/report\/summary\/criticalCount must be integer/);
  assert.match(validate({ ...vulnerabilityReport, report: undefined }).join('\n'), /must have required property 'report'/);
});
