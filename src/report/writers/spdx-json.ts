import type { ReportWriter } from './types.js';
import { sharedSpdxDocument } from './spdx-document.js';

/** SPDX 2.3 JSON: packages with purls and licences, and their relationships (see spdx-document.ts). */
export const spdxJsonWriter: ReportWriter = {
  format: 'spdx-json',
  render: (report, options) => `${JSON.stringify(sharedSpdxDocument(report, options), null, 2)}\n`,
};
