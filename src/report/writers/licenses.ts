import { createRequire } from 'node:module';

let known: Map<string, string> | undefined;

/** SPDX licence ids (current and deprecated), keyed by lower case; loaded on first use. */
function spdxIds(): Map<string, string> {
  if (!known) {
    const require = createRequire(import.meta.url);
    const ids = [...(require('spdx-license-ids') as string[]), ...(require('spdx-license-ids/deprecated.json') as string[])];
    known = new Map(ids.map((id) => [id.toLowerCase(), id]));
  }
  return known;
}

/** The canonical SPDX id of a licence name when it is one (`mit` -> `MIT`), else undefined. */
export function spdxLicenseId(name: string): string | undefined {
  return spdxIds().get(name.trim().toLowerCase());
}

const operators = new Set(['AND', 'OR', 'WITH']);

/**
 * A licence string as an SPDX expression when every licence in it is an SPDX id (`MIT`,
 * `(MIT OR Apache-2.0)`, `GPL-2.0-only WITH Classpath-exception-2.0`), else undefined.
 */
export function spdxExpression(text: string): string | undefined {
  const tokens = text.replace(/[()]/g, ' $& ').trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return undefined;
  const out: string[] = [];
  let expectLicense = true;
  let depth = 0;
  for (const t of tokens) {
    if (t === '(') { if (!expectLicense) return undefined; depth++; out.push(t); continue; }
    if (t === ')') { if (expectLicense || --depth < 0) return undefined; out.push(t); continue; }
    const op = t.toUpperCase();
    if (operators.has(op)) { if (expectLicense) return undefined; out.push(op); expectLicense = true; continue; }
    if (!expectLicense) return undefined;
    const plus = t.endsWith('+') ? '+' : '';
    const id = spdxLicenseId(plus ? t.slice(0, -1) : t) ?? (/^(LicenseRef|DocumentRef)-[A-Za-z0-9.-]+/.test(t) ? t : undefined) ?? exceptionOf(out, t);
    if (!id) return undefined;
    out.push(id + plus);
    expectLicense = false;
  }
  if (expectLicense || depth !== 0) return undefined;
  return out.join(' ').replace(/\( /g, '(').replace(/ \)/g, ')');
}

/** After WITH comes an exception id (not in the licence list): accept the usual `*-exception*` form. */
function exceptionOf(out: string[], token: string): string | undefined {
  return out[out.length - 1] === 'WITH' && /exception/i.test(token) ? token : undefined;
}

/** True when the string uses expression operators (`MIT OR Apache-2.0`). */
export function isCompoundLicense(text: string): boolean {
  return /\s(AND|OR|WITH)\s/i.test(text);
}
