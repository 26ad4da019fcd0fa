import { writeFile } from 'node:fs/promises';
import type { Report } from '../model.js';
import type { WriterOptions } from './types.js';
import { formatNames, loadWriter } from './registry.js';
import { UserError } from '../../errors.js';

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
 * Renders the report once per output and writes each (files in parallel, standard output last).
 * `options.color` applies to standard output only.
 */
export async function writeOutputs(report: Report, outputs: readonly OutputTarget[], options: WriterOptions, stdout: (text: string) => Promise<void> = writeStdout): Promise<void> {
  const rendered = await Promise.all(outputs.map(async (o) => {
    const writer = await loadWriter(o.format);
    if (!writer) throw new UserError(`unknown format "${o.format}" (formats: ${formatNames.join(', ')})`);
    return { o, text: writer.render(report, { ...options, color: o.path ? false : options.color }) };
  }));
  await Promise.all(rendered.filter((r) => r.o.path).map(({ o, text }) =>
    writeFile(o.path!, text).catch((err: NodeJS.ErrnoException) => {
      throw new UserError(`cannot write the ${o.format} report to ${o.path}: ${err.code === 'ENOENT' ? 'no such directory' : err.code === 'EACCES' ? 'permission denied' : err.message}`);
    })));
  for (const { o, text } of rendered) if (!o.path) await stdout(text);
}

function writeStdout(text: string): Promise<void> {
  return new Promise<void>((resolve) => process.stdout.write(text, () => resolve()));
}
