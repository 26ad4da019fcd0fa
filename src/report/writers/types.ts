import type { Report } from '../model.js';

export interface WriterOptions {
  /** Colour the output (table): true when writing to a terminal without NO_COLOR. */
  color: boolean;
  /** Table: show the reversed dependency tree of vulnerable packages (--dependency-tree). */
  dependencyTree?: boolean;
}

/** One output format. Adding a format = one file in this folder + one line in registry.ts. */
export interface ReportWriter {
  format: string;
  /** Renders the whole report as text. */
  render(report: Report, options: WriterOptions): string;
}
