/**
 * Values the concurrency test's workers write: each key always gets the same value, whoever
 * writes it, so the final contents can be checked whatever the interleaving was.
 */
export function valueFor(key: string): { key: string; packages: { name: string; version: string; files: string[] }[] } {
  let seed = [...key].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const count = 50 + Math.floor(rand() * 150);
  return {
    key,
    packages: Array.from({ length: count }, (_, i) => ({
      name: `pkg-${Math.floor(rand() * 1e6).toString(36)}-${i}`,
      version: `${Math.floor(rand() * 9)}.${Math.floor(rand() * 40)}.${i}`,
      files: [`usr/lib/${key}/${i}.so`, `usr/share/doc/${i}/copyright`],
    })),
  };
}

/** The keys the workers share (overlapping on purpose). */
export const SHARED_KEYS = Array.from({ length: 24 }, (_, i) => `layer:sha256:${i.toString(16).padStart(4, '0')}:fp1`);
