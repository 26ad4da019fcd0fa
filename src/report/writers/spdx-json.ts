import type { ReportWriter } from './types.js';
import { spdxDocument } from './spdx-document.js';

/** SPDX 2.3 JSON: packages with purls and licences, and their relationships (see spdx-document.ts). */
export const spdxJsonWriter: ReportWriter = {
  format: 'spdx-json',
  render: (report, options) => `${JSON.stringify(spdxDocument(report, options), null, 2)}\n`,
};
