/**
 * Bech32 checksum (BIP-173): `hrp` + `1` + data characters, the last six of which are a BCH
 * checksum over the human-readable part and the data. age secret keys (`AGE-SECRET-KEY-1…`) are
 * Bech32 strings, written in upper case.
 */
const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values: number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GENERATOR[i];
  }
  return chk;
}

function expandHrp(hrp: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < hrp.length; i++) out.push(hrp.charCodeAt(i) >>> 5);
  out.push(0);
  for (let i = 0; i < hrp.length; i++) out.push(hrp.charCodeAt(i) & 31);
  return out;
}

/** Whether `text` (any case, not mixed) is a Bech32 string with a valid checksum. */
export function isBech32(text: string): boolean {
  if (text !== text.toLowerCase() && text !== text.toUpperCase()) return false;
  const s = text.toLowerCase();
  const sep = s.lastIndexOf('1');
  if (sep < 1 || sep + 7 > s.length) return false;
  const data: number[] = [];
  for (const ch of s.slice(sep + 1)) {
    const v = CHARSET.indexOf(ch);
    if (v < 0) return false;
    data.push(v);
  }
  return polymod([...expandHrp(s.slice(0, sep)), ...data]) === 1;
}

/** The 6 checksum characters for `hrp` and data characters (to build valid strings in tests). */
export function bech32Checksum(hrp: string, dataChars: string): string {
  const data = [...dataChars.toLowerCase()].map((c) => CHARSET.indexOf(c));
  const mod = polymod([...expandHrp(hrp.toLowerCase()), ...data, 0, 0, 0, 0, 0, 0]) ^ 1;
  let out = '';
  for (let i = 0; i < 6; i++) out += CHARSET[(mod >>> (5 * (5 - i))) & 31];
  return out;
}
