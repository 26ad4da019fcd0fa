import type { ImageConfig } from './types.js';

/**
 * A Dockerfile rebuilt from an image's history, so the Dockerfile checks can judge an image whose
 * Dockerfile is not at hand (trivy's `--image-config-scanners misconfig`). Each history entry
 * becomes one instruction: legacy builder entries are `/bin/sh -c #(nop) INSTRUCTION` (metadata)
 * or `/bin/sh -c COMMAND` (a RUN); BuildKit writes the instruction itself, ending in `# buildkit`.
 * The config's final USER and HEALTHCHECK are added when history does not say them (umoci and
 * other non-Dockerfile builders leave no history).
 */
export function dockerfileFromHistory(config: ImageConfig): string {
  const lines: string[] = [];
  for (const entry of config.history ?? []) {
    const line = instructionOf(entry.created_by ?? '');
    if (line) lines.push(line);
  }
  if (lines.length === 0 || !/^FROM\s/i.test(lines[0])) lines.unshift('FROM scratch');
  const user = config.config?.User;
  if (user && !lines.some((l) => /^USER\s/i.test(l))) lines.push(`USER ${user}`);
  if (config.config?.Healthcheck && !lines.some((l) => /^HEALTHCHECK\s/i.test(l))) lines.push(`HEALTHCHECK ${healthcheckOf(config.config.Healthcheck)}`);
  return `${lines.join('\n')}\n`;
}

const INSTRUCTION = /^(FROM|RUN|CMD|LABEL|MAINTAINER|EXPOSE|ENV|ADD|COPY|ENTRYPOINT|VOLUME|USER|WORKDIR|ARG|ONBUILD|STOPSIGNAL|HEALTHCHECK|SHELL)(\s|$)/i;

function instructionOf(createdBy: string): string | undefined {
  let text = createdBy.trim();
  if (text === '') return undefined;
  const nop = /^\/bin\/sh -c #\(nop\)\s*/.exec(text);
  if (nop) text = text.slice(nop[0].length);
  else if (/^\/bin\/sh -c /.test(text)) text = `RUN ${text.slice('/bin/sh -c '.length)}`;
  else if (/^\|\d+ /.test(text)) text = `RUN ${text.replace(/^\|\d+ (?:\S+=\S* )*/, '').replace(/^\/bin\/sh -c /, '')}`; // RUN with build args
  text = text.replace(/\s*# buildkit$/, '');
  // One instruction per line: continuations would be read as new instructions.
  const line = text.replace(/\s*\\?\r?\n\s*/g, ' ').trim();
  // Entries other builders write (`umoci repack`, `buildah commit`) are not instructions.
  if (!INSTRUCTION.test(line)) return undefined;
  // The legacy builder writes `COPY dir:<hash> in /dst`: `in` is not a second source.
  return line.replace(/^(COPY|ADD)(\s+\S+)\s+in\s+(\S+)$/i, '$1$2 $3');
}

function healthcheckOf(check: unknown): string {
  const test = (check as { Test?: unknown }).Test;
  if (!Array.isArray(test) || test.length === 0 || test[0] === 'NONE') return 'NONE';
  const args = test.slice(1).map(String);
  return test[0] === 'CMD-SHELL' ? `CMD ${args.join(' ')}` : `CMD ${JSON.stringify(args)}`;
}
