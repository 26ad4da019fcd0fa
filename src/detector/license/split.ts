import { conjunctsOf, formatExpression, type LicenseExpression } from './expression.js';
import { normalizeLicense } from './normalize.js';

/**
 * Licence fields of OS package databases → the list of licences a package is under, each an SPDX
 * id or expression: what AND joins is listed apart (both apply), what OR joins stays one
 * expression (`GPL-1.0-or-later OR Artistic-2.0`: the user chooses, and classification takes the
 * milder).
 */

function pushUnique(list: string[], values: string[]): void {
  for (const v of values) if (v !== '' && !list.includes(v)) list.push(v);
}

/** The AND-operands of an expression, each as SPDX text. */
function listed(expr: LicenseExpression): string[] {
  return conjunctsOf(expr).map(formatExpression);
}

/**
 * A Debian copyright-format 1.0 `License:` synopsis (`GPL-2+`, `GPL-1+ or Artistic, and
 * BSD-4-clause-POWERDOG`, `LGPL-2.1+ with OCaml exception`, `LGPLv3+_or_GPLv2+`). A comma
 * before `and`/`or` binds loosest (`A or B, and C` is `(A or B) and C`); a comma alone separates
 * licences.
 */
export function splitDebianLicense(synopsis: string): string[] {
  const text = synopsis.trim().replace(/,+$/, '').replace(/_(or|and)_/gi, ' $1 ');
  if (text === '') return [];
  const out: string[] = [];
  // `A or B, and C`: the parts between `, and` are all required.
  for (const requiredPart of text.split(/\s*,\s*and\s+/i)) {
    // `A, or B` ≈ `A or B`; a comma with no operator lists licences apart.
    const alternatives = requiredPart.split(/\s*,\s*or\s+/i).join(' or ');
    for (const piece of alternatives.split(/\s*,\s*/)) if (piece !== '') pushUnique(out, listed(normalizeLicense(piece)));
  }
  return out;
}

/**
 * apk's `L:` field (`MIT`, `GPL-2.0-or-later`, `MPL 2.0 GPL2+`, `( Apache-2.0 OR MIT ) AND MPL-2.0`):
 * an SPDX expression when it reads as one; else licences separated by spaces, a version standing
 * alone joined to the name before it (`MPL 2.0` → `MPL-2.0`), as trivy splits it.
 */
export function splitApkLicense(field: string): string[] {
  const text = field.trim();
  if (text === '') return [];
  const expr = normalizeLicense(text);
  const terms = conjunctsOf(expr);
  if (terms.every((t) => t.kind !== 'license' || t.known)) return dedupe(listed(expr));
  const out: string[] = [];
  const words = text.replace(/[()]/g, ' ').split(/\s+/).filter((w) => w !== '' && !/^(AND|OR)$/i.test(w));
  const joined: string[] = [];
  for (const word of words) {
    if (/^v?\d+(\.\d+)*\+?$/i.test(word) && joined.length > 0) joined[joined.length - 1] += ` ${word}`;
    else joined.push(word);
  }
  for (const name of joined) pushUnique(out, listed(normalizeLicense(name)));
  return out;
}

/**
 * rpm's LICENSE tag (`GPLv2+`, `MIT and BSD`, `(GPL+ or Artistic) and BSD`): Fedora's names
 * (`GPL+` is any GPL version, GPL-1.0-or-later), as one expression split at AND.
 */
export function splitRpmLicense(tag: string): string[] {
  const text = tag.trim().replace(/(?<![A-Za-z])GPL\+(?=$|[\s)])/g, 'GPL-1.0+');
  if (text === '') return [];
  return dedupe(listed(normalizeLicense(text)));
}

function dedupe(values: string[]): string[] {
  const out: string[] = [];
  pushUnique(out, values);
  return out;
}
