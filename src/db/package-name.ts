/**
 * Package names as the DB keys them. Most ecosystems compare names exactly; PyPI normalises
 * them (PEP 503: case-insensitive, runs of `-_.` are equal).
 */
export function normalizePackageName(ecosystem: string, name: string): string {
  const base = ecosystem.split(':', 1)[0];
  if (base === 'PyPI') return name.toLowerCase().replace(/[-_.]+/g, '-');
  return name;
}
