/**
 * `--helm-set` / `--helm-set-string` values, parsed the way Helm's strvals does: `a.b=c`,
 * comma-separated pairs, list indexes `a[0]=x`, list literals `a={x,y}`, escaped `\,` and `\.`,
 * `null` removes a key; values are typed (numbers, booleans, null) unless set as strings.
 */

type Values = Record<string, unknown>;

/** Applies `key=value[,key=value]` to `values` (mutated). Throws an Error on a malformed pair. */
export function applySet(values: Values, expression: string, asString = false): void {
  for (const pair of splitUnescaped(expression, ',')) {
    if (pair.trim() === '') continue;
    const eq = indexUnescaped(pair, '=');
    if (eq < 0) throw new Error(`key "${pair}" has no value`);
    const key = pair.slice(0, eq);
    const raw = pair.slice(eq + 1);
    const value = raw.startsWith('{') && raw.endsWith('}') ? splitUnescaped(raw.slice(1, -1), ',').map((v) => typed(v, asString)) : typed(raw, asString);
    setPath(values, parsePath(key), value);
  }
}

function typed(raw: string, asString: boolean): unknown {
  const text = raw.replace(/\\(.)/g, '$1');
  if (asString) return text;
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  if (/^-?(0|[1-9]\d*)$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  return text;
}

type Step = string | number;

function parsePath(key: string): Step[] {
  const steps: Step[] = [];
  for (const part of splitUnescaped(key, '.')) {
    const match = /^(.*?)((?:\[\d+\])*)$/.exec(part);
    const name = (match?.[1] ?? part).replace(/\\(.)/g, '$1');
    if (name !== '') steps.push(name);
    for (const index of (match?.[2] ?? '').matchAll(/\[(\d+)\]/g)) steps.push(Number(index[1]));
  }
  if (steps.length === 0) throw new Error(`empty key in "${key}"`);
  return steps;
}

function setPath(root: Values, steps: Step[], value: unknown): void {
  let current: Values | unknown[] = root;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const last = i === steps.length - 1;
    const nextIsIndex = typeof steps[i + 1] === 'number';
    if (Array.isArray(current)) {
      const index = step as number;
      while (current.length <= index) current.push(null);
      if (last) current[index] = value;
      else {
        if (current[index] === null || typeof current[index] !== 'object') current[index] = nextIsIndex ? [] : {};
        current = current[index] as Values | unknown[];
      }
      continue;
    }
    const key = String(step);
    if (last) {
      if (value === null) delete current[key];
      else current[key] = value;
      return;
    }
    const existing: unknown = current[key];
    if (existing === null || typeof existing !== 'object' || Array.isArray(existing) !== nextIsIndex) current[key] = nextIsIndex ? [] : {};
    current = current[key] as Values | unknown[];
  }
}

function indexUnescaped(text: string, char: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === char) return i;
  }
  return -1;
}

function splitUnescaped(text: string, char: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '{') depth++;
    else if (text[i] === '}') depth--;
    else if (text[i] === char && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}
