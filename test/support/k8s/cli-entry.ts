/**
 * Test entry point for `picket k8s` run from the sources (tsx), for as long as the built CLI does
 * not have the command: the same command definition as src/cli/main.ts gives it (name, alias,
 * options from k8sCommandOptionSpecs, lazy action), and main.ts's error handling (one line for a
 * UserError, exit code 2 for usage errors).
 */
import { Command, CommanderError } from 'commander';
import { defineOptions } from '../../../src/cli/define-options.js';
import { globalOptionSpecs } from '../../../src/config/options.js';
import { k8sCommandOptionSpecs } from '../../../src/config/k8s-options.js';
import { UserError } from '../../../src/errors.js';

const program = new Command('picket').exitOverride().configureOutput({ outputError: (str, write) => write(str.split('\n').filter(Boolean)[0] + '\n') });
defineOptions(program, globalOptionSpecs);
let exitCode = 0;
const k8s = program
  .command('kubernetes')
  .alias('k8s')
  .description('scan a Kubernetes cluster: checks on the live objects, and the images of its workloads (each unique digest once)');
defineOptions(k8s, k8sCommandOptionSpecs);
k8s.action(async (_options: unknown, command: Command) => {
  exitCode = await (await import('../../../src/cli/commands/k8s.js')).runK8sScan(command.optsWithGlobals());
});

try {
  await program.parseAsync(process.argv.slice(2), { from: 'user' });
} catch (err) {
  if (err instanceof CommanderError) exitCode = err.exitCode === 0 ? 0 : 2;
  else if (err instanceof UserError) {
    process.stderr.write(`picket: ${err.message}\n`);
    exitCode = err.exitCode;
  } else {
    process.stderr.write(`picket: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
    exitCode = 1;
  }
}
process.exit(exitCode);
