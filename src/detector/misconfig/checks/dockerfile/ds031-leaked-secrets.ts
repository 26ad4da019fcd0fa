import { causeAt, dockerfileCheck, finalStage, unquote } from './kit.js';
import type { Instruction } from '../../dockerfile/types.js';
import type { Cause } from '../../types.js';

const SECRET_ENVS = new Set([
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AZURE_CLIENT_ID',
  'AZURE_CLIENT_SECRET',
  'GITHUB_TOKEN',
  'OPENAI_API_KEY',
  'HF_TOKEN',
]);
// front-end bundlers inline variables with these prefixes into the built assets
const PUBLIC_PREFIXES = ['VITE_', 'REACT_APP_'];
const SECRET_FILE_ENVS = new Set(['AWS_CONFIG_FILE', 'HF_TOKEN_PATH', 'GOOGLE_APPLICATION_CREDENTIALS']);
const CREDENTIAL_COMMANDS = [
  'aws configure set aws_access_key_id',
  'aws configure set aws_secret_access_key',
  'gcloud auth activate-service-account',
  'az login',
];

/** DS-0031: secrets in build args, environment or copied credential files of the final image. */
export const ds031 = dockerfileCheck({
  id: 'DS-0031',
  aliases: ['AVD-DS-0031', 'DS031', 'do-not-pass-secrets', 'docker-do-not-pass-secrets'],
  namespace: 'builtin.dockerfile.DS031',
  title: 'Secrets passed via `build-args` or envs or copied secret files',
  severity: 'CRITICAL',
  description:
    'ARG and ENV values are recorded in the image metadata and history, and files copied in stay in a layer: credentials passed that way can be read by anyone who can pull the image.',
  resolution: "Use a secret mount ('RUN --mount=type=secret') for build-time secrets and mount credential files at run time.",
  references: ['https://docs.docker.com/build/building/secrets/'],
  check(dockerfile) {
    const stage = finalStage(dockerfile);
    if (!stage) return [];
    const causes: Cause[] = [];
    const copies = stage.instructions.filter((i) => i.cmd === 'copy');
    for (const instruction of stage.instructions) {
      if (instruction.cmd === 'arg' || instruction.cmd === 'env') {
        for (const [name, value] of variables(instruction)) {
          if (isSecretEnv(name)) {
            causes.push(causeAt(instruction, `${instruction.cmd.toUpperCase()} '${name}' may expose a secret in the image`));
          } else if (value !== '' && SECRET_FILE_ENVS.has(name) && copies.some((copy) => isSubPath(value, copy.value[copy.value.length - 1] ?? ''))) {
            causes.push(causeAt(instruction, `${instruction.cmd.toUpperCase()} '${name}' points at a credential file copied into the image`));
          }
        }
      } else if (instruction.cmd === 'copy' && instruction.value.length === 2) {
        const env = instruction.value[1].replace(/^\$/, '').replace(/^\{(.*)\}$/, '$1');
        if (SECRET_FILE_ENVS.has(env)) causes.push(causeAt(instruction, `COPY puts the credential file of '${env}' into the image`));
      } else if (instruction.cmd === 'run' && !instruction.flags.some((flag) => flag.startsWith('--mount=type=secret'))) {
        if (instruction.value.some((value) => CREDENTIAL_COMMANDS.some((command) => value.includes(command)))) {
          causes.push(causeAt(instruction, 'RUN sets up credentials without a secret mount; they stay in the layer'));
        }
      }
    }
    return causes;
  },
});

function isSecretEnv(name: string): boolean {
  if (SECRET_ENVS.has(name)) return true;
  return PUBLIC_PREFIXES.some((prefix) => name.startsWith(prefix) && SECRET_ENVS.has(name.slice(prefix.length)));
}

/** `[name, value]` of each variable an ARG or ENV declares (quotes removed). */
function variables(instruction: Instruction): [string, string][] {
  if (instruction.cmd === 'env') {
    const pairs: [string, string][] = [];
    for (let i = 0; i < instruction.value.length; i += 2) pairs.push([instruction.value[i], unquote(instruction.value[i + 1] ?? '')]);
    return pairs;
  }
  return instruction.value.map((word): [string, string] => {
    const eq = word.indexOf('=');
    return eq < 0 ? [word, ''] : [word.slice(0, eq), unquote(word.slice(eq + 1))];
  });
}

function cleanPath(path: string): string {
  return unquote(path).replace(/^\./, '').replace(/^\//, '').replace(/\/$/, '');
}

function isSubPath(path: string, directory: string): boolean {
  return cleanPath(path).startsWith(cleanPath(directory));
}
