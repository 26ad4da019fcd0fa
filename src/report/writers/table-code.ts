import type { CodeLine } from '../../detector/misconfig/types.js';

/** trivy's divider width when the output is not a terminal. */
export const DIVIDER_WIDTH = 40;
export const doubleDivider = '═'.repeat(DIVIDER_WIDTH);
export const singleDivider = '─'.repeat(DIVIDER_WIDTH);

type Paint = (s: string) => string;

/**
 * A code excerpt as trivy prints it: ` file:start-end`, then numbered lines, the cause marked
 * `[` (one line) or `┌ │ └` (several), truncated runs shown as dots.
 */
export function renderCode(file: string, startLine: number | undefined, endLine: number | undefined, lines: readonly CodeLine[], red: Paint): string[] {
  if (lines.length === 0) return [];
  let where = file;
  if (startLine && startLine > 0) where += `:${startLine}${endLine && endLine > startLine ? `-${endLine}` : ''}`;
  const out = [` ${where}`, singleDivider];
  lines.forEach((line, i) => {
    if (line.Truncated) {
      out.push(`${'.'.repeat(String(line.Number).length).padStart(4)}   ${line.Content}`);
    } else if (line.IsCause) {
      const mark = (line.FirstCause && line.LastCause) || lines.length === 1 ? '[' : line.FirstCause || i === 0 ? '┌' : line.LastCause || i === lines.length - 1 ? '└' : '│';
      out.push(red(`${String(line.Number).padStart(4)} ${mark} ${line.Content}`));
    } else {
      out.push(`${String(line.Number).padStart(4)}   ${line.Content}`);
    }
  });
  out.push(singleDivider);
  return out;
}
