#!/usr/bin/env node
// @ts-check
/**
 * Removes `dist/` before a release build (`npm pack` / `npm publish` run it from `prepack`), so
 * the package holds exactly what the current sources compile to: no file of a deleted source.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';

rmSync(join(process.cwd(), 'dist'), { recursive: true, force: true });
