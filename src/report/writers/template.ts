import { readFile } from 'node:fs/promises';
import type { ReportWriter } from './types.js';
import { parseTemplate } from './template/parse.js';
import { executeTemplate } from './template/exec.js';
import { TemplateError, type Template } from './template/ast.js';
import { reportTime, toolVersion } from './artifact.js';
import { UserError } from '../../errors.js';

/**
 * `--format template --template @file`: the user's template in Go text/template syntax, the
 * language trivy's templates are written in, run on the report's Results (as trivy does). The
 * functions and the subset supported are in docs/templates.md.
 */
export const templateWriter: ReportWriter = {
  format: 'template',
  render(report, options) {
    if (options.template === undefined) throw new UserError('--format template needs --template (a template, or @FILE to read one)');
    const tpl = compile(options.template);
    try {
      return executeTemplate(tpl, report.Results, {
        now: reportTime(report, options.now),
        appVersion: toolVersion(report, options.appVersion),
        env: options.env ?? process.env,
      });
    } catch (err) {
      if (err instanceof TemplateError) throw new UserError(`template: ${err.message}`);
      throw err;
    }
  },
};

const compiled = new Map<string, Template>();

function compile(text: string): Template {
  let tpl = compiled.get(text);
  if (!tpl) {
    try {
      tpl = parseTemplate(text);
    } catch (err) {
      if (err instanceof TemplateError) throw new UserError(`template: ${err.message}`);
      throw err;
    }
    compiled.set(text, tpl);
  }
  return tpl;
}

/** The template text of `--template`: `@path` reads the file, anything else is the template itself. */
export async function loadTemplate(spec: string): Promise<string> {
  if (!spec.startsWith('@')) return spec;
  const path = spec.slice(1);
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read template ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}
