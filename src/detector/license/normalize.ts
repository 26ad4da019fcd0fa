import { bsdVariant, creativeCommonsVariant, DIRECT_ALIASES, exceptionFromWords, familyOf, licenseFromUrl, type AliasTarget } from './aliases.js';
import { formatExpression, parseExpression, type LicenseExpression, type LicenseTerm, type RawExpression } from './expression.js';
import { spdxExceptionId, spdxLicenseId } from './spdx.js';

/**
 * Licence names as packages write them → SPDX ids and expressions:
 * `Apache License, Version 2.0` → `Apache-2.0`, `GPLv2+` → `GPL-2.0-or-later`, `MIT License` →
 * `MIT`, `(MIT OR Apache-2.0) AND BSD-3-Clause` stays, `GPL-3+ with Bison exception` →
 * `GPL-3.0-or-later WITH Bison-exception-2.2`. A name picket cannot place is kept as written.
 */

/** Upper case, one space, `THE`/`LICENSE` words and `+`/`or later`/`-only` taken off, `NAME v2.0` → `NAME-2.0`. */
export function standardizeName(name: string): { key: string; plus: boolean } {
  let key = name.replace(/\s+/g, ' ').trim().replace(/^["'[]+|["'\]]+$/g, '').toUpperCase().replace(/LICENCE/g, 'LICENSE');
  key = key.replace(/^THE /, '');
  let plus = false;
  const later = /(\+| OR LATER| OR GREATER| OR ANY LATER VERSION| OR \(AT YOUR OPTION\) ANY LATER VERSION|-OR-LATER|-OR-GREATER)$/;
  for (let m = later.exec(key); m; m = later.exec(key)) {
    key = key.slice(0, m.index).trimEnd();
    plus = true;
  }
  key = key.replace(/(-| )ONLY$/, '');
  key = key.replace(/( LICENSED?|-LICENSED?)$/, '');
  // `GPL (>= 2)` (CRAN), `GPL-2.0 or later`: a minimum version.
  const minimum = /^(.*?)\s*\(\s*(?:>=|≥)\s*(\d+(?:\.\d+)*)\s*\)$/.exec(key);
  if (minimum) {
    key = `${minimum[1]}-${minimum[2]}`;
    plus = true;
  }
  key = key.replace(/([A-UW-Z)])( LICENSE)?\s*[,(-]?\s*(?:V|V\.|VER|VER\.|VERSION|VERSION-|-)?\s*([1-9](?:\.\d+)*)\)?$/, '$1-$3');
  return { key, plus };
}

/** A known id as a term: `GPL-2.0-or-later` → GPL-2.0 with plus; a deprecated `GPL-2.0-with-bison-exception` → GPL-2.0 WITH Bison-exception-2.2. */
function termOfId(id: string, plus: boolean): LicenseTerm {
  const suffix = /^(.*)-(only|or-later)$/.exec(id);
  if (suffix && spdxLicenseId(suffix[1])) return { kind: 'license', id: spdxLicenseId(suffix[1])!, plus: plus || suffix[2] === 'or-later', known: true };
  const legacy = /^(.*)-with-(\w+)-exception$/i.exec(id);
  if (legacy && spdxLicenseId(legacy[1])) {
    const base = spdxLicenseId(legacy[1])!;
    const exception = exceptionFromWords(legacy[2], base);
    if (exception) return { kind: 'license', id: base, plus, exception, known: true };
  }
  return { kind: 'license', id, plus, known: true };
}

function fromAlias(target: AliasTarget, plus: boolean): LicenseTerm {
  const term = termOfId(spdxLicenseId(target.id) ?? target.id, plus || target.plus === true);
  return target.exception ? { ...term, exception: target.exception } : term;
}

/** A SPDX id (exact, or `NAME-2` for `NAME-2.0`) for a standardised key. */
function idOfKey(key: string): string | undefined {
  return spdxLicenseId(key) ?? (/-\d+$/.test(key) ? spdxLicenseId(`${key}.0`) : undefined);
}

/** One licence name (no operators) → a term; `known: false` with the name as written when it cannot be placed. */
export function normalizeLicenseName(name: string): LicenseTerm {
  const text = name.replace(/\s+/g, ' ').trim();
  const unknown: LicenseTerm = { kind: 'license', id: text, plus: false, known: false };
  if (text === '') return unknown;
  if (/^(LicenseRef|DocumentRef)-[A-Za-z0-9.+:-]+$/.test(text)) return { ...unknown, known: true };
  if (/^(file|text):\/\//i.test(text) || /^SEE LICEN[CS]E IN\b/i.test(text)) return unknown;

  // `GPL-2.0-or-later`, `bzip2-1.0.6`, `GPL-2.0+`: ids as SPDX writes them.
  const exact = spdxLicenseId(text);
  if (exact) return termOfId(exact, false);
  if (text.endsWith('+') && spdxLicenseId(text.slice(0, -1))) return termOfId(spdxLicenseId(text.slice(0, -1))!, true);

  if (/^https?:\/\//i.test(text)) {
    const fromUrl = licenseFromUrl(text);
    const id = fromUrl ? spdxLicenseId(fromUrl) : undefined;
    return id ? termOfId(id, false) : unknown;
  }

  // `X with Y exception` written in words, or glued (`GPL-3+-with-Bison-exception`).
  const withMatch = /^(.*?)\s+(?:WITH|W\/)\s+(.+)$/i.exec(text) ?? /^(.*?)-with-(.+-exception)$/i.exec(text);
  if (withMatch) {
    const base = normalizeLicenseName(withMatch[1]);
    if (base.known && !base.exception) {
      const exception = spdxExceptionId(withMatch[2]) ?? exceptionFromWords(withMatch[2], base.id);
      if (exception) return { ...base, exception };
    }
  }

  const { key, plus } = standardizeName(text);
  // `MIT License (MIT)`, `GNU General Public License v2 or later (GPLv2+)`: the short name in parentheses.
  const paren = /^(.+?)\s*\(([^()]+)\)$/.exec(text);
  if (paren) {
    const inner = normalizeLicenseName(paren[2]);
    if (inner.known) return inner;
  }
  const alias = DIRECT_ALIASES[key];
  if (alias) return fromAlias(alias, plus);
  const id = idOfKey(key);
  if (id) return termOfId(id, plus);
  const family = familyOf(key);
  if (family) {
    if (family.version === undefined) return family.family.unversioned ? fromAlias(family.family.unversioned, plus) : unknown;
    const familyId = idOfKey(`${family.family.prefix}-${family.version}`);
    if (familyId) return termOfId(familyId, plus);
  }
  const variant = bsdVariant(key) ?? creativeCommonsVariant(key);
  if (variant) return termOfId(variant, plus);
  return unknown;
}

function normalizeRaw(raw: RawExpression): LicenseExpression {
  if (raw.kind !== 'license') return { kind: raw.kind, left: normalizeRaw(raw.left), right: normalizeRaw(raw.right) };
  const term = normalizeLicenseName(raw.raw.text);
  if (raw.raw.exception === undefined) return term;
  const exception = spdxExceptionId(raw.raw.exception) ?? exceptionFromWords(raw.raw.exception, term.id) ?? raw.raw.exception.replace(/\s+/g, '-');
  return { ...term, exception };
}

const cache = new Map<string, LicenseExpression>();

/**
 * A licence string as an expression of normalised terms. The whole string is first tried as one
 * licence name (`Common Development and Distribution License` has an `and` that is no operator);
 * else it is read as an expression; else it is one unknown licence as written.
 */
export function normalizeLicense(text: string): LicenseExpression {
  const cached = cache.get(text);
  if (cached) return cached;
  let result: LicenseExpression = normalizeLicenseName(text);
  if (!result.known) {
    const parsed = parseExpression(text);
    if (parsed) result = normalizeRaw(parsed);
  }
  if (cache.size > 10_000) cache.clear();
  cache.set(text, result);
  return result;
}

/** The SPDX expression text of a licence string (`Apache License 2.0` → `Apache-2.0`). */
export function normalizeLicenseText(text: string): string {
  return formatExpression(normalizeLicense(text));
}
