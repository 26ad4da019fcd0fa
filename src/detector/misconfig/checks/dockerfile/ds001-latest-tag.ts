import { causeAt, dockerfileCheck, instructionsOf, splitQuotedWords, unquote } from './kit.js';
import type { Dockerfile } from '../../dockerfile/types.js';

/** DS-0001: a FROM image without a tag (or with `:latest`) changes under you on every rebuild. */
export const ds001 = dockerfileCheck({
  id: 'DS-0001',
  aliases: ['AVD-DS-0001', 'DS001', 'use-specific-tags', 'docker-use-specific-tags'],
  namespace: 'builtin.dockerfile.DS001',
  title: "':latest' tag used",
  severity: 'MEDIUM',
  description:
    'A base image referenced without a tag, or with the moving `latest` tag, can be a different image at every build, so builds are neither reproducible nor reviewable.',
  resolution: "Pin the base image in 'FROM' to a specific tag or digest.",
  references: ['https://docs.docker.com/reference/dockerfile/#from'],
  check(dockerfile) {
    const vars = globalArgs(dockerfile);
    const aliases = new Set(dockerfile.stages.flatMap((stage) => (stage.alias ? [stage.alias] : [])));
    return instructionsOf(dockerfile, 'from').flatMap((from) => {
      const written = from.value[0];
      if (!written) return [];
      const reference = written.includes('$') ? expand(written, vars) : written;
      if (reference === '' || reference.includes('$')) return [];
      const image = untaggedImage(reference);
      if (!image || image === 'scratch' || aliases.has(image.toLowerCase())) return [];
      return [causeAt(from, `Base image '${image}' has no tag or uses ':latest'; pin it to a specific version`)];
    });
  },
});

/** ARGs declared before the first FROM: the only variables a FROM line can use. */
function globalArgs(dockerfile: Dockerfile): Map<string, string> {
  const vars = new Map<string, string>();
  const global = dockerfile.stages[0]?.global ? dockerfile.stages[0] : undefined;
  for (const arg of global?.instructions ?? []) {
    if (arg.cmd !== 'arg') continue;
    for (const word of arg.value) {
      const eq = word.indexOf('=');
      if (eq < 0) vars.set(word, vars.get(word) ?? '');
      else vars.set(word.slice(0, eq), unquote(splitQuotedWords(word.slice(eq + 1), dockerfile.escape).join(' ')));
    }
  }
  return vars;
}

function expand(text: string, vars: Map<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-+]([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_match, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
    const value = vars.get(braced ?? bare ?? '') ?? '';
    return value === '' && fallback !== undefined ? fallback : value;
  });
}

/** The image name when the reference has no tag or the `latest` tag (and no digest); else undefined. */
function untaggedImage(reference: string): string | undefined {
  if (reference.includes('@')) return undefined;
  const slash = reference.lastIndexOf('/');
  const colon = reference.lastIndexOf(':');
  if (colon > slash) {
    return reference.slice(colon + 1) === 'latest' ? reference.slice(0, colon) : undefined;
  }
  return reference;
}
