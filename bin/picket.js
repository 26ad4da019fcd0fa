#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

const code = await main(process.argv.slice(2));
process.exitCode = code;
// A failed or timed-out scan may leave work in flight (a layer half read, a clone): end now.
if (code !== 0) process.exit(code);
