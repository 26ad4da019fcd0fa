import { readFile } from 'node:fs/promises';
import { loadSettings } from '../settings.js';
import { picketVersion } from '../version.js';
import { UserError } from '../../errors.js';
import type { Report } from '../../report/model.js';
import { convertOptionSpecs } from '../../report/writers/output-options.js';
import { parseOutputs, writeOutputs } from '../../report/writers/outputs.js';
import { loadTemplate } from '../../report/writers/template.js';
import type { CycloneDxVersion } from '../../report/writers/types.js';

/**
 * `picket convert REPORT.json`: re-renders a JSON report written by `picket ... -f json` (or
 * trivy's SchemaVersion 2 JSON) in any format, to stdout or the `--output` files.
 */
export async function runConvert(file: string, flags: Record<string, unknown>): Promise<number> {
  const { values, logger } = await loadSettings(flags, convertOptionSpecs);
  const outputs = parseOutputs(values.format as string, undefined, (values.output as string[] | undefined) ?? []);
  const report = await readReport(file);
  const template = values.template as string | undefined;
  if (outputs.some((o) => o.format === 'template') && template === undefined) throw new UserError('--format template needs --template (a template, or @FILE to read one)');
  const sbom = outputs.some((o) => ['cyclonedx', 'spdx', 'spdx-json', 'github'].includes(o.format));
  if (sbom && !report.Results.some((r) => r.Packages)) logger.warn(`${file} lists no packages (scan with --list-all-pkgs): the SBOM holds only the vulnerable packages`);
  const color = outputs.some((o) => !o.path) && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  await writeOutputs(report, outputs, {
    color,
    dependencyTree: values['dependency-tree'] as boolean,
    ...(template !== undefined ? { template: await loadTemplate(template) } : {}),
    cyclonedxVersion: values['cyclonedx-version'] as CycloneDxVersion,
    appVersion: picketVersion(),
  });
  return 0;
}

/** Reads a SchemaVersion 2 JSON report (picket's or trivy's); one clear error when it is not one. */
export async function readReport(file: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read report ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${file} is not JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as { SchemaVersion?: unknown }).SchemaVersion !== 2) {
    throw new UserError(`${file} is not a JSON report of SchemaVersion 2 (write one with --format json)`);
  }
  const report = parsed as Report & { Trivy?: { Version?: string } };
  if (!Array.isArray(report.Results)) report.Results = [];
  if (typeof report.ArtifactName !== 'string') report.ArtifactName = file;
  if (typeof report.CreatedAt !== 'string') report.CreatedAt = new Date().toISOString();
  report.Picket ??= { Version: picketVersion() };
  return report;
}
