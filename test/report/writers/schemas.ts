/**
 * Independent validators for the writers' output: ajv against the official SARIF 2.1.0 and SPDX
 * 2.3 JSON schemas (../shared/fixtures/schemas), the CycloneDX library's strict validator with the
 * schemas it ships, and the GitLab report schemas' required fields (the official schemas are not
 * available offline: gitlab-report-schema.ts writes down what they require).
 */
import { readFileSync } from 'node:fs';
import Ajv04Module from 'ajv-draft-04';
import Ajv2019Module from 'ajv/dist/2019.js';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { sharedPath } from '../../support/paths.js';
import { gitlabContainerScanningSchema, gitlabDependencyScanningSchema } from './gitlab-report-schema.js';

type Check = (doc: unknown) => string[];

// CommonJS packages: their classes are the `default` of the module object.
const Ajv04 = Ajv04Module.default;
const Ajv2019 = Ajv2019Module.default;
const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

function compile(ajv: { compile: (s: object) => ((d: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null } }, schema: object): Check {
  const validate = ajv.compile(schema);
  return (doc) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`));
}

const schemaFile = (name: string) => JSON.parse(readFileSync(sharedPath(`fixtures/schemas/${name}`), 'utf8')) as object;

let sarif: Check | undefined;
/** Errors of a SARIF log against the OASIS SARIF 2.1.0 schema (none = valid). */
export function sarifErrors(doc: unknown): string[] {
  if (!sarif) {
    const ajv = new Ajv04({ allErrors: true, strict: false });
    addFormats(ajv as unknown as InstanceType<typeof Ajv>);
    sarif = compile(ajv, schemaFile('sarif-2.1.0.schema.json'));
  }
  return sarif(doc);
}

let spdx: Check | undefined;
/** Errors of an SPDX document against the SPDX 2.3 JSON schema. */
export function spdxErrors(doc: unknown): string[] {
  if (!spdx) {
    const ajv = new Ajv2019({ allErrors: true, strict: false });
    addFormats(ajv as unknown as InstanceType<typeof Ajv>);
    spdx = compile(ajv, schemaFile('spdx-2.3.schema.json'));
  }
  return spdx(doc);
}

/** Errors of a CycloneDX JSON BOM against the official schema of its version (strict). */
export async function cyclonedxErrors(json: string, version: '1.5' | '1.6'): Promise<string[]> {
  const validator = new Validation.JsonStrictValidator(version === '1.5' ? Spec.Version.v1dot5 : Spec.Version.v1dot6);
  const errors = await validator.validate(json);
  return errors === null ? [] : [JSON.stringify(errors).slice(0, 2000)];
}

const gitlab = new Map<string, Check>();
/** Errors of a GitLab security report against the required fields of its schema (15.x). */
export function gitlabErrors(doc: unknown, type: 'container_scanning' | 'dependency_scanning'): string[] {
  let check = gitlab.get(type);
  if (!check) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    check = compile(ajv, type === 'container_scanning' ? gitlabContainerScanningSchema : gitlabDependencyScanningSchema);
    gitlab.set(type, check);
  }
  return check(doc);
}
