/**
 * Loads good/bad examples for checks: trivy-checks' example files (`checks/**.yaml`, mapped to
 * check ids through checks-metadata.json; Dockerfile, Kubernetes, Terraform and CloudFormation
 * sections) and picket's own (test/fixtures/misconfig/examples, which add Docker Compose).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { load } from 'js-yaml';
import { repoRoot, sharedPath } from '../../support/paths.js';

/** The example sections a file may have (trivy-checks' keys; `docker-compose` is picket's). */
export type ExampleType = 'dockerfile' | 'kubernetes' | 'terraform' | 'cloudformation' | 'docker-compose';

const TYPES: readonly ExampleType[] = ['dockerfile', 'kubernetes', 'terraform', 'cloudformation', 'docker-compose'];

export interface CheckExamples {
  /** The check id (`DS-0002`). */
  id: string;
  type: ExampleType;
  good: string[];
  bad: string[];
  /** Where the examples come from, for test names. */
  source: string;
}

/** trivy-checks' examples: one file per check, keyed by the check's input type. */
export function upstreamExamples(): CheckExamples[] {
  const root = sharedPath('fixtures/misconfig-trivy-checks');
  const metadata = JSON.parse(readFileSync(join(root, 'checks-metadata.json'), 'utf8')) as { _file: string; custom: { id: string } }[];
  const idByFile = new Map(metadata.map((entry) => [entry._file.replace(/\.rego$/, '.yaml'), entry.custom.id]));
  const found: CheckExamples[] = [];
  for (const file of walk(join(root, 'checks'))) {
    const rel = relative(root, file);
    const id = idByFile.get(rel);
    if (!id) continue;
    found.push(...fromDocument(load(readFileSync(file, 'utf8')), id, rel));
  }
  return found;
}

/** picket's own examples: `{ id, <type>: { good: [...], bad: [...] } }` per file. */
export function ownExamples(): CheckExamples[] {
  const found: CheckExamples[] = [];
  for (const file of walk(join(repoRoot, 'test/fixtures/misconfig/examples'))) {
    const doc = load(readFileSync(file, 'utf8')) as { id?: string };
    if (typeof doc?.id !== 'string') throw new Error(`${file}: no id`);
    found.push(...fromDocument(doc, doc.id, relative(repoRoot, file)));
  }
  return found;
}

function fromDocument(doc: unknown, id: string, source: string): CheckExamples[] {
  const out: CheckExamples[] = [];
  for (const type of TYPES) {
    const section = (doc as Record<string, { good?: string[]; bad?: string[] } | undefined>)[type];
    if (section) out.push({ id, type, good: section.good ?? [], bad: section.bad ?? [], source });
  }
  return out;
}

function walk(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...walk(path));
    else if (/\.ya?ml$/.test(name)) files.push(path);
  }
  return files;
}
