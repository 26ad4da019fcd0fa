import type { CompiledRule } from './compiled-rule.js';
import type { SecretCodeLine, SecretConfidence, SecretFinding } from './types.js';

/** A secret the rules found and the filters kept: byte range of the secret in the scanned buffer. */
export interface Candidate {
  rule: CompiledRule;
  start: number;
  end: number;
  confidence?: SecretConfidence;
}

/** Lines longer than this are cut (around the secret on the line holding it). */
const MAX_LINE = 100;
const CONTEXT_BEFORE = 30;
const CONTEXT_AFTER = 20;
/** How far an inline ignore comment may be from the secret on its line. */
const MARKER_REACH = 1024;
const NL = 0x0a;
const CR = 0x0d;
const STAR = 0x2a;
const IGNORE_MARKERS = ['picket:ignore', 'gitleaks:allow'];

/** Whether the line(s) of the secret carry `picket:ignore` / `gitleaks:allow` (within 1 KiB of it). */
export function hasIgnoreMarker(content: Buffer, start: number, end: number): boolean {
  let a = Math.max(0, start - MARKER_REACH);
  const back = content.subarray(a, start).lastIndexOf(NL);
  if (back >= 0) a += back + 1;
  const limit = Math.min(content.length, end + MARKER_REACH);
  const forward = content.subarray(end, limit).indexOf(NL);
  const b = forward >= 0 ? end + forward : limit;
  const lines = content.subarray(a, b);
  return IGNORE_MARKERS.some((marker) => lines.includes(marker, 0, 'latin1'));
}

/** Line boundaries of a buffer, found on demand and remembered (many findings may share a line). */
class Lines {
  private readonly ends = new Map<number, number>();
  private readonly starts = new Map<number, number>();
  constructor(private readonly content: Buffer) {}

  /** Start of the line holding `pos`. */
  startAt(pos: number): number {
    if (pos <= 0) return 0;
    let start = this.starts.get(pos);
    if (start === undefined) {
      start = this.content.lastIndexOf(NL, pos - 1) + 1;
      this.starts.set(pos, start);
    }
    return start;
  }

  /** End (exclusive, before the newline) of the line starting at `lineStart`. */
  endOf(lineStart: number): number {
    let end = this.ends.get(lineStart);
    if (end === undefined) {
      const nl = this.content.indexOf(NL, lineStart);
      end = nl < 0 ? this.content.length : nl;
      this.ends.set(lineStart, end);
    }
    return end;
  }
}

/**
 * Turns candidates (sorted by start) into trivy-shaped findings: 1-based start and end lines, the
 * masked line as `Match`, and `Code.Lines` from two lines before to one line after, every secret
 * found in the buffer replaced by `*` (one per byte, line breaks kept). `base` places the buffer in
 * the file when it is one chunk of a larger one; `maskedSecrets` lists every secret to mask (by
 * default the candidates themselves; a chunk also masks secrets it does not report).
 */
export function buildFindings(content: Buffer, candidates: readonly Candidate[], base = { offset: 0, line: 0 }, maskedSecrets: readonly Candidate[] = candidates): SecretFinding[] {
  // Every secret as disjoint, sorted byte ranges: masking a line touches each byte at most once.
  const mask: [number, number][] = [];
  for (const { start, end } of [...maskedSecrets].sort((x, y) => x.start - y.start)) {
    const last = mask[mask.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else mask.push([start, end]);
  }
  const masked = (a: number, b: number): string => {
    const bytes = Buffer.from(content.subarray(a, b));
    let lo = 0;
    let hi = mask.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (mask[mid][1] <= a) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < mask.length && mask[k][0] < b; k++) {
      for (let i = Math.max(mask[k][0], a); i < Math.min(mask[k][1], b); i++) if (bytes[i - a] !== NL && bytes[i - a] !== CR) bytes[i - a] = STAR;
    }
    return bytes.toString('utf8');
  };

  const lines = new Lines(content);
  const findings: SecretFinding[] = [];
  // Line counting moves forward only: the next newline not yet counted, and where the current line starts.
  let nextNl = content.indexOf(NL);
  let linesBefore = 0;
  let lineStart = 0;
  for (const c of candidates) {
    while (nextNl >= 0 && nextNl < c.start) {
      linesBefore++;
      lineStart = nextNl + 1;
      nextNl = content.indexOf(NL, nextNl + 1);
    }
    let linesInside = 0;
    for (let i = nextNl; i >= 0 && i < c.end - 1; i = content.indexOf(NL, i + 1)) linesInside++;
    const startLine = linesBefore;
    const endLine = linesBefore + linesInside;

    // Walk back two lines, then forward to one line past the end of the secret.
    let firstStart = lineStart;
    let firstLine = startLine;
    for (let k = 0; k < 2 && firstStart > 0; k++) {
      firstStart = lines.startAt(firstStart - 1);
      firstLine--;
    }
    const code: SecretCodeLine[] = [];
    let match = '';
    let pos = firstStart;
    for (let line = firstLine; line <= endLine + 1; line++) {
      const end = lines.endOf(pos);
      let a = pos;
      let b = end > a && content[end - 1] === CR ? end - 1 : end;
      const isCause = line >= startLine && line <= endLine;
      let truncated = false;
      if (b - a > MAX_LINE) {
        truncated = true;
        if (c.start >= a && c.start < b) {
          a = Math.max(a, c.start - CONTEXT_BEFORE);
          b = Math.min(b, c.end + CONTEXT_AFTER);
        } else {
          b = a + MAX_LINE;
        }
      }
      const text = masked(a, b);
      if (line === startLine) match = text;
      code.push({
        Number: base.line + line + 1,
        Content: text,
        IsCause: isCause,
        Annotation: '',
        Truncated: truncated,
        ...(text !== '' ? { Highlighted: text } : {}),
        FirstCause: line === startLine,
        LastCause: line === endLine,
      });
      if (end >= content.length) break;
      pos = end + 1;
    }
    findings.push({
      RuleID: c.rule.id,
      Category: c.rule.category,
      Severity: c.rule.severity,
      Title: c.rule.title,
      StartLine: base.line + startLine + 1,
      EndLine: base.line + endLine + 1,
      Code: { Lines: code },
      Match: match,
      Offset: base.offset + c.start,
      ...(c.confidence ? { Confidence: c.confidence } : {}),
    });
  }
  return findings;
}
