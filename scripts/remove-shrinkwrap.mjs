#!/usr/bin/env node
// @ts-check
/** Release step (`postpack`): removes the npm-shrinkwrap.json that `prepack` wrote for the tarball. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';

rmSync(join(process.cwd(), 'npm-shrinkwrap.json'), { force: true });
