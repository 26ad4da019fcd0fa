/**
 * Package names as the DB keys them. Most ecosystems compare names exactly; PyPI normalises
 * them (PEP 503: case-insensitive, runs of `-_.` are equal); NuGet ids are case-insensitive
 * (`Newtonsoft.Json` = `newtonsoft.json`).
 */
export function normalizePackageName(ecosystem: string, name: string): string {
  if (ecosystem === 'PyPI' || ecosystem.startsWith('PyPI:')) return name.toLowerCase().replace(/[-_.]+/g, '-');
  if (ecosystem === 'NuGet') return name.toLowerCase();
  return name;
}
