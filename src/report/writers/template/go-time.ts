const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * Formats a time (in UTC) with a Go layout (`2006-01-02T15:04:05Z07:00`): the reference time's
 * parts stand for the value's parts.
 */
export function formatGoTime(d: Date, layout: string): string {
  const p2 = (n: number) => String(n).padStart(2, '0');
  const h12 = d.getUTCHours() % 12 || 12;
  const tokens: [string, () => string][] = [
    ['January', () => months[d.getUTCMonth()]], ['Monday', () => days[d.getUTCDay()]],
    ['2006', () => String(d.getUTCFullYear())], ['Jan', () => months[d.getUTCMonth()].slice(0, 3)], ['Mon', () => days[d.getUTCDay()].slice(0, 3)],
    ['MST', () => 'UTC'], ['Z07:00', () => 'Z'], ['-07:00', () => '+00:00'], ['Z0700', () => 'Z'], ['-0700', () => '+0000'], ['-07', () => '+00'],
    ['.000000000', () => `.${String(d.getUTCMilliseconds()).padStart(3, '0')}000000`], ['.999999999', () => fraction(d)], ['.000000', () => `.${String(d.getUTCMilliseconds()).padStart(3, '0')}000`],
    ['.999999', () => fraction(d)], ['.000', () => `.${String(d.getUTCMilliseconds()).padStart(3, '0')}`], ['.999', () => fraction(d)],
    ['01', () => p2(d.getUTCMonth() + 1)], ['02', () => p2(d.getUTCDate())], ['_2', () => String(d.getUTCDate()).padStart(2, ' ')],
    ['15', () => p2(d.getUTCHours())], ['03', () => p2(h12)], ['04', () => p2(d.getUTCMinutes())], ['05', () => p2(d.getUTCSeconds())],
    ['06', () => p2(d.getUTCFullYear() % 100)], ['PM', () => (d.getUTCHours() < 12 ? 'AM' : 'PM')], ['pm', () => (d.getUTCHours() < 12 ? 'am' : 'pm')],
    ['1', () => String(d.getUTCMonth() + 1)], ['2', () => String(d.getUTCDate())], ['3', () => String(h12)], ['4', () => String(d.getUTCMinutes())], ['5', () => String(d.getUTCSeconds())],
  ];
  let out = '';
  let i = 0;
  outer: while (i < layout.length) {
    for (const [tok, fn] of tokens) {
      if (layout.startsWith(tok, i)) { out += fn(); i += tok.length; continue outer; }
    }
    out += layout[i++];
  }
  return out;
}

function fraction(d: Date): string {
  const ms = d.getUTCMilliseconds();
  return ms ? `.${String(ms).padStart(3, '0').replace(/0+$/, '')}` : '';
}
