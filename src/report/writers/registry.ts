import type { ReportWriter } from './types.js';

/**
 * The one list of output formats. Writers load lazily, so naming the formats (for --help and flag
 * validation) costs nothing at startup. Adding a format = one file + one line here.
 */
const registry: readonly { format: string; load: () => Promise<ReportWriter> }[] = [
  { format: 'table', load: async () => (await import('./table.js')).tableWriter },
  { format: 'json', load: async () => (await import('./json.js')).jsonWriter },
  { format: 'sarif', load: async () => (await import('./sarif.js')).sarifWriter },
  { format: 'cyclonedx', load: async () => (await import('./cyclonedx.js')).cyclonedxWriter },
  { format: 'spdx-json', load: async () => (await import('./spdx-json.js')).spdxJsonWriter },
  { format: 'spdx', load: async () => (await import('./spdx-tag-value.js')).spdxTagValueWriter },
  { format: 'gitlab', load: async () => (await import('./gitlab.js')).gitlabWriter },
  { format: 'gitlab-codequality', load: async () => (await import('./gitlab-codequality.js')).gitlabCodeQualityWriter },
  { format: 'junit', load: async () => (await import('./junit.js')).junitWriter },
  { format: 'github', load: async () => (await import('./github.js')).githubWriter },
  { format: 'html', load: async () => (await import('./html.js')).htmlWriter },
  { format: 'template', load: async () => (await import('./template.js')).templateWriter },
];

export const formatNames: readonly string[] = registry.map((w) => w.format);

export async function loadWriter(format: string): Promise<ReportWriter | undefined> {
  return registry.find((w) => w.format === format)?.load();
}
