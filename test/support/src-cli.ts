/**
 * Test entry point: the CLI run from the sources through tsx (`node --import tsx
 * test/support/src-cli.ts ARGS`), for commands the built dist/ does not have yet.
 */
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
