import { readFileSync } from 'node:fs';

/** picket's version, from its package.json (read once, no module loading). */
export function picketVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
