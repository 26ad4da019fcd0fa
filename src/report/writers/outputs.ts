import { writeFileSync } from 'node:fs';
import type { Report } from '../model.js';
import type { WriterOptions } from './types.js';
import { formatNames, loadWriter } from './registry.js';
import { UserError } from '../../errors.js';
import { DerivedData } from './derived.js';

/** One report to write: a format, and a file (none = standard output). */
export interface OutputTarget {
  format: string;
  path?: string;
}

/**
 * The outputs of one scan from `--format` and the `--output` values, trivy style: `--output FILE`
 * writes `--format` to FILE; `--output FORMAT=FILE` (repeatable) writes that format to FILE. The
 * `--format` report goes to standard output unless a plain `--output` or a `FORMAT=FILE` of the
 * same format names its file. A path starting with `./` or `/` is always a path.
 */
export function parseOutputs(format: string, output: string | undefined, extra: string[]): OutputTarget[] {
  if (!formatNames.includes(format)) throw new UserError(`unknown format "${format}" (formats: ${formatNames.join(', ')})`);
  const targets: OutputTarget[] = [];
  let plain: string | undefined;
  for (const value of [...(output !== undefined ? [output] : []), ...extra]) {
    if (value === '') throw new UserError('--output needs a file name (or FORMAT=FILE)');
    const m = /^([a-z][a-z0-9-]*)=(.*)$/.exec(value);
    if (m && !value.startsWith('./')) {
      const [, name, path] = m;
      if (!formatNames.includes(name)) throw new UserError(`unknown format "${name}" in --output ${value} (formats: ${formatNames.join(', ')}); for a file named so, write ./${value}`);
      if (!path) throw new UserError(`--output ${value}: no file name after "="`);
      targets.push({ format: name, path });
      continue;
    }
    if (plain !== undefined) throw new UserError(`--output ${value}: the ${format} report already goes to ${plain}; give other outputs as FORMAT=FILE`);
    plain = value;
  }
  if (plain !== undefined) targets.unshift({ format, path: plain });
  else if (!targets.some((t) => t.format === format)) targets.unshift({ format });
  const seen = new Map<string, string>();
  for (const t of targets) {
    if (!t.path) continue;
    const before = seen.get(t.path);
    if (before) throw new UserError(`--output: both ${before} and ${t.format} would be written to ${t.path}`);
    seen.set(t.path, t.format);
  }
  return targets;
}

/**
 * Renders the report once per output and writes each file as soon as it is rendered (the text can
 * then be collected before the next output renders); standard output comes last, and
 * `options.color` applies to it only. The writers share what they derive from the report (the SBOM
 * graph, the SPDX document: see derived.ts). A failing render or write stops there.
 */
export async function writeOutputs(report: Report, outputs: readonly OutputTarget[], options: WriterOptions, stdout: (text: string) => Promise<void> = writeStdout): Promise<void> {
  const writers = await Promise.all(outputs.map(async (o) => {
    const writer = await loadWriter(o.format);
    if (!writer) throw new UserError(`unknown format "${o.format}" (formats: ${formatNames.join(', ')})`);
    return writer;
  }));
  const shared = new DerivedData(report);
  const printed: string[] = [];
  for (const [i, o] of outputs.entries()) {
    const text = writers[i].render(report, { ...options, color: o.path ? false : options.color, shared });
    if (o.path) writeReport(o.format, o.path, text);
    else printed.push(text);
  }
  for (const text of printed) await stdout(text);
}

/**
 * Writes one report file, failing with a UserError naming it. Synchronously: Node encodes the
 * string straight into the memory it writes from, and nothing else runs while a scan's reports are
 * written (measured faster here than writes spread over libuv's threads).
 */
function writeReport(format: string, path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new UserError(`cannot write the ${format} report to ${path}: ${err.code === 'ENOENT' ? 'no such directory' : err.code === 'EACCES' ? 'permission denied' : err.message}`);
  }
}

function writeStdout(text: string): Promise<void> {
  return new Promise<void>((resolve) => process.stdout.write(text, () => resolve()));
}
