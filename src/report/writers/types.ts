import type { Report } from '../model.js';
import type { DerivedData } from './derived.js';

export interface WriterOptions {
  /** Colour the output (table): true when writing to a terminal without NO_COLOR. */
  color: boolean;
  /** Table: show the reversed dependency tree of vulnerable packages (--dependency-tree). */
  dependencyTree?: boolean;
  /** `template`: the template text (`--template @file` is read by `loadTemplate` before rendering). */
  template?: string;
  /** The version of picket named as the producing tool (default: the report's `Picket.Version`). */
  appVersion?: string;
  /** The time SBOMs and reports are stamped with, and the seed of their document ids (default: now). */
  now?: Date;
  /** `cyclonedx`: the specification version written (`--cyclonedx-version`, default 1.6). */
  cyclonedxVersion?: CycloneDxVersion;
  /** `github`: the CI environment read for ref, sha and job (default: process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Data derived from the report once and shared by the writers of one scan (set by `writeOutputs`). */
  shared?: DerivedData;
}

/** CycloneDX specification versions picket writes. */
export type CycloneDxVersion = '1.5' | '1.6';

/** One output format. Adding a format = one file in this folder + one line in registry.ts. */
export interface ReportWriter {
  format: string;
  /** Renders the whole report as text. */
  render(report: Report, options: WriterOptions): string;
}
