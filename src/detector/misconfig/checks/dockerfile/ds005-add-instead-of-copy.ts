import { causeAt, dockerfileCheck, instructionsOf } from './kit.js';

const ADD_ONLY = ['.tar', 'http://', 'https://', 'git@'];

/** DS-0005: ADD where COPY would do (ADD also fetches URLs and unpacks archives). */
export const ds005 = dockerfileCheck({
  id: 'DS-0005',
  aliases: ['AVD-DS-0005', 'DS005', 'use-copy-over-add', 'docker-use-copy-over-add'],
  namespace: 'builtin.dockerfile.DS005',
  title: 'ADD instead of COPY',
  severity: 'LOW',
  description:
    'ADD silently unpacks archives and downloads URLs; for plain files that is surprising behaviour and a way to extract untrusted archives. COPY does only the copy.',
  resolution: "Use 'COPY' unless the archive extraction or remote fetch of 'ADD' is really needed.",
  references: ['https://docs.docker.com/engine/reference/builder/#add'],
  check(dockerfile) {
    return instructionsOf(dockerfile, 'add').flatMap((add) => {
      const args = add.value.join(' ');
      if (ADD_ONLY.some((marker) => args.includes(marker))) return [];
      if (['file:', 'multi:', 'dir:'].some((prefix) => isHashedSource(add.value, prefix))) return [];
      return [causeAt(add, `'ADD ${args}' only copies files: use 'COPY ${args}'`)];
    });
  },
});

/** The `file:<hash> in <dest>` form image histories use. */
function isHashedSource(value: string[], prefix: string): boolean {
  if (value.length === 3) return value[0].startsWith(prefix) && value[1] === 'in';
  return value.length === 2 && value[0].startsWith(prefix);
}
