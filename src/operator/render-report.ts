import { UserError } from '../errors.js';
import type { Report } from '../report/model.js';
import { formatNames, loadWriter } from '../report/writers/registry.js';

const CONTENT_TYPES: Record<string, string> = { json: 'application/json', sarif: 'application/sarif+json', cyclonedx: 'application/vnd.cyclonedx+json', 'spdx-json': 'application/spdx+json', html: 'text/html; charset=utf-8' };

/** A stored report in another of picket's formats (`/reports/...?format=cyclonedx`). */
export async function renderReportAs(report: Report, format: string): Promise<{ contentType: string; body: string }> {
  if (format === 'template' || !formatNames.includes(format)) throw new UserError(`format ${format}: expected one of ${formatNames.filter((f) => f !== 'template').join(', ')}`);
  const writer = await loadWriter(format);
  if (!writer) throw new UserError(`format ${format}: not available`);
  return { contentType: CONTENT_TYPES[format] ?? 'text/plain; charset=utf-8', body: writer.render(report, { color: false }) };
}
