import type { ReportWriter } from './types.js';

/**
 * The one list of output formats. Writers load lazily, so naming the formats (for --help and flag
 * validation) costs nothing at startup. Adding a format = one file + one line here.
 */
const registry: readonly { format: string; load: () => Promise<ReportWriter> }[] = [
  { format: 'table', load: async () => (await import('./table.js')).tableWriter },
  { format: 'json', load: async () => (await import('./json.js')).jsonWriter },
];

export const formatNames: readonly string[] = registry.map((w) => w.format);

export async function loadWriter(format: string): Promise<ReportWriter | undefined> {
  return registry.find((w) => w.format === format)?.load();
}
