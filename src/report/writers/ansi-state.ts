import { textWidth } from './text-width.js';

/**
 * The SGR (colour and style) bookkeeping of cli-table3 0.6, ported so that tables render byte for
 * byte as cli-table3 renders them: a cell line that leaves a colour on is closed at its end and
 * the colour reopened on the next line, and truncation keeps codes and closes what it cut.
 */
interface SgrState {
  lastForegroundAdded?: string;
  lastBackgroundAdded?: string;
  [style: string]: string | boolean | undefined;
}

const styleCodes = new Map<string, { set: string; to: boolean }>();
const styleNames = new Map<string, { on: string; off: string }>();
for (const [name, on, off] of [['bold', 1, 22], ['italics', 3, 23], ['underline', 4, 24], ['inverse', 7, 27], ['strikethrough', 9, 29]] as const) {
  const onCode = `\u001b[${on}m`;
  const offCode = `\u001b[${off}m`;
  styleCodes.set(onCode, { set: name, to: true });
  styleCodes.set(offCode, { set: name, to: false });
  styleNames.set(name, { on: onCode, off: offCode });
}

const sgrCapture = () => /\u001b\[((?:\d*;){0,5}\d*)m/g;
const sgrSplit = /\u001b\[(?:\d*;){0,5}\d*m/g;

function updateState(state: SgrState, match: RegExpExecArray): void {
  const code = match[1] ? parseInt(match[1].split(';')[0], 10) : 0;
  if ((code >= 30 && code <= 39) || (code >= 90 && code <= 97)) {
    state.lastForegroundAdded = match[0];
    return;
  }
  if ((code >= 40 && code <= 49) || (code >= 100 && code <= 107)) {
    state.lastBackgroundAdded = match[0];
    return;
  }
  if (code === 0) {
    for (const key of Object.keys(state)) delete state[key];
    return;
  }
  const info = styleCodes.get(match[0]);
  if (info) state[info.set] = info.to;
}

function readState(line: string): SgrState {
  const state: SgrState = {};
  if (!line.includes('\u001b')) return state;
  const re = sgrCapture();
  for (let m = re.exec(line); m !== null; m = re.exec(line)) updateState(state, m);
  return state;
}

function unwindState(state: SgrState, line: string): string {
  const { lastBackgroundAdded, lastForegroundAdded } = state;
  delete state.lastBackgroundAdded;
  delete state.lastForegroundAdded;
  let out = line;
  for (const key of Object.keys(state)) if (state[key]) out += styleNames.get(key)!.off;
  if (lastBackgroundAdded && lastBackgroundAdded !== '\u001b[49m') out += '\u001b[49m';
  if (lastForegroundAdded && lastForegroundAdded !== '\u001b[39m') out += '\u001b[39m';
  return out;
}

function rewindState(state: SgrState, line: string): string {
  const { lastBackgroundAdded, lastForegroundAdded } = state;
  delete state.lastBackgroundAdded;
  delete state.lastForegroundAdded;
  let out = line;
  for (const key of Object.keys(state)) if (state[key]) out = styleNames.get(key)!.on + out;
  if (lastBackgroundAdded && lastBackgroundAdded !== '\u001b[49m') out = lastBackgroundAdded + out;
  if (lastForegroundAdded && lastForegroundAdded !== '\u001b[39m') out = lastForegroundAdded + out;
  return out;
}

/** cli-table3's `colorizeLines`: every line closes the styles it leaves open; the next reopens them. */
export function colorizeLines(lines: readonly string[]): string[] {
  let state: SgrState = {};
  return lines.map((input) => {
    const line = rewindState(state, input);
    state = readState(line);
    return unwindState({ ...state }, line);
  });
}

function truncateWidth(text: string, width: number): string {
  if (text.length === textWidth(text)) return text.substring(0, width);
  let out = text;
  while (textWidth(out) > width) out = out.slice(0, -1);
  return out;
}

function truncateWidthWithAnsi(text: string, width: number): string {
  const re = sgrCapture();
  const parts = text.split(sgrSplit);
  let index = 0;
  let length = 0;
  let out = '';
  const state: SgrState = {};
  while (length < width) {
    const match = re.exec(text);
    let part = parts[index++];
    if (length + textWidth(part) > width) part = truncateWidth(part, width - length);
    out += part;
    length += textWidth(part);
    if (length < width) {
      if (!match) break;
      out += match[0];
      updateState(state, match);
    }
  }
  return unwindState(state, out);
}

const hrefTag = '\u001b]8;;\u0007';

/** cli-table3's `truncate`: text wider than `width` is cut to fit with `…` at its end. */
export function truncate(text: string, width: number): string {
  if (textWidth(text) <= width) return text;
  let out = `${truncateWidthWithAnsi(text, width - 1)}…`;
  if (text.includes(hrefTag) && !out.includes(hrefTag)) out += hrefTag;
  return out;
}
