/**
 * Reports for the writer tests: trivy's own JSON goldens loaded as reports (alpine-310 image,
 * secrets, dockerfile), real in-process scans of trivy's npm and gomod fixture projects against
 * its fixture advisories, and a hand-made report with secrets and misconfigurations.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTrivyFixtureDb, trivyIntegration } from '../../support/fixture-db.js';
import { tempDir } from '../../support/temp.js';
import { AdvisoryStore } from '../../../src/db/store.js';
import { dbDirOf } from '../../../src/config/cache-dir.js';
import { scanFilesystem } from '../../../src/scan.js';
import type { Report } from '../../../src/report/model.js';
import { loadWriter } from '../../../src/report/writers/registry.js';
import type { WriterOptions } from '../../../src/report/writers/types.js';

/** The time trivy's goldens were made at (their CreatedAt): fixes time stamps and document ids. */
export const GOLDEN_NOW = new Date('2021-08-25T12:20:30Z');

/** A trivy JSON golden (SchemaVersion 2) as a picket report. */
export function goldenReport(name: string): Report {
  const report = JSON.parse(readFileSync(trivyIntegration(name), 'utf8')) as Report;
  report.Picket = { Version: 'dev' };
  return report;
}

/** A trivy golden of another format, parsed as JSON. */
export function goldenJson<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(trivyIntegration(name), 'utf8')) as T;
}

// Made at import (the test file's top level): one made inside a test is removed when that test ends.
const cacheDir = tempDir('picket-writers-');
let dbCache: Promise<string> | undefined;

/** Scans a trivy fixture project (`fixtures/repo/<name>`) in process, every package listed. */
export async function scanFixture(name: string, extra: { includeDevDeps?: boolean } = {}): Promise<Report> {
  dbCache ??= (async () => {
    await buildTrivyFixtureDb(cacheDir, ['nodejs.yaml', 'go.yaml']);
    return dbDirOf(cacheDir);
  })();
  const dbDir = await dbCache;
  const store = AdvisoryStore.open(dbDir);
  try {
    return await scanFilesystem(trivyIntegration(join('fixtures/repo', name)), { openStore: async () => store, version: 'dev', listAllPackages: true, ...extra });
  } finally {
    store.close();
  }
}

/** Renders a report in a format with fixed time and version. */
export async function render(format: string, report: Report, options: Partial<WriterOptions> = {}): Promise<string> {
  const writer = await loadWriter(format);
  if (!writer) throw new Error(`no writer ${format}`);
  return writer.render(report, { color: false, now: GOLDEN_NOW, appVersion: 'dev', env: {}, ...options });
}

/** A filesystem report with a secret result and a config result with one failure (and one pass). */
export function secretsAndMisconfigReport(): Report {
  const secrets = goldenReport('secrets.json.golden');
  const docker = goldenReport('dockerfile.json.golden');
  const failure = docker.Results[0].Misconfigurations![0];
  const withCode = {
    ...failure,
    ID: 'DS-0001',
    Title: "':latest' tag used",
    Message: "Specify a tag in the 'FROM' statement for image 'alpine'",
    Severity: 'MEDIUM' as const,
    PrimaryURL: 'https://avd.aquasec.com/misconfig/ds-0001',
    CauseMetadata: {
      Provider: 'Dockerfile', Service: 'general', StartLine: 1, EndLine: 1,
      Code: { Lines: [{ Number: 1, Content: 'FROM alpine:latest', IsCause: true, Annotation: '', Truncated: false, FirstCause: true, LastCause: true }] },
    },
  };
  const passed = { ...failure, ID: 'DS-0005', Title: 'ADD instead of COPY', Status: 'PASS' as const, Severity: 'LOW' as const };
  return {
    ...secrets,
    ArtifactName: 'testdata/fixtures/repo/mixed',
    ArtifactType: 'filesystem',
    Results: [
      ...secrets.Results,
      { Target: 'Dockerfile', Class: 'config', Type: 'dockerfile', MisconfSummary: { Successes: 25, Failures: 2 }, Misconfigurations: [failure, withCode, passed] },
    ],
  };
}
