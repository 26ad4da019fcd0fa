import type { ReportWriter } from './types.js';

/** trivy-compatible JSON (SchemaVersion 2). */
export const jsonWriter: ReportWriter = {
  format: 'json',
  render: (report) => `${JSON.stringify(report, null, 2)}\n`,
};
