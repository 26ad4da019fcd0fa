import { hasGnuSuffixes } from './spdx.js';

/**
 * Licence expressions as SPDX writes them (`MIT OR (Apache-2.0 AND BSD-3-Clause)`,
 * `GPL-2.0-or-later WITH Classpath-exception-2.0`), read leniently: operators in any case, and a
 * licence may be several words (`MIT License AND Apache License 2.0`), as trivy's parser allows.
 */

/** One licence: its SPDX id without `-only`/`-or-later`/`+` (`GPL-2.0`), or the text as written when it is not one. */
export interface LicenseTerm {
  kind: 'license';
  id: string;
  /** `+`, `-or-later`, `or (at your option) any later version`. */
  plus: boolean;
  exception?: string;
  /** True when `id` is an SPDX licence id (or LicenseRef-/DocumentRef-). */
  known: boolean;
}

export interface CompoundExpression {
  kind: 'and' | 'or';
  left: LicenseExpression;
  right: LicenseExpression;
}

export type LicenseExpression = LicenseTerm | CompoundExpression;

/** A licence term as written, before normalisation: the words of the licence and of its exception. */
export interface RawTerm {
  text: string;
  exception?: string;
}

export type RawExpression = { kind: 'license'; raw: RawTerm } | { kind: 'and' | 'or'; left: RawExpression; right: RawExpression };

type Token = { type: '(' | ')' | 'and' | 'or' | 'with' } | { type: 'word'; text: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const piece of text.replace(/[()]/g, ' $& ').trim().split(/\s+/)) {
    if (piece === '') continue;
    const upper = piece.toUpperCase();
    if (piece === '(' || piece === ')') tokens.push({ type: piece });
    else if (upper === 'AND' || upper === 'OR' || upper === 'WITH') tokens.push({ type: upper.toLowerCase() as 'and' | 'or' | 'with' });
    else tokens.push({ type: 'word', text: piece });
  }
  return tokens;
}

/**
 * Parses an expression into terms and operators (AND binds tighter than OR, WITH tighter than
 * both); undefined when it is not one (unbalanced parentheses, an operator without operands,
 * words right after a closing parenthesis).
 */
export function parseExpression(text: string): RawExpression | undefined {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];

  const words = (): string | undefined => {
    const parts: string[] = [];
    for (let t = peek(); t?.type === 'word'; t = peek()) {
      parts.push(t.text);
      pos++;
    }
    return parts.length > 0 ? parts.join(' ') : undefined;
  };
  const primary = (): RawExpression | undefined => {
    if (peek()?.type === '(') {
      pos++;
      const inner = or();
      if (!inner || peek()?.type !== ')') return undefined;
      pos++;
      return inner;
    }
    const text = words();
    if (text === undefined) return undefined;
    if (peek()?.type === 'with') {
      pos++;
      const exception = words();
      if (exception === undefined) return undefined;
      return { kind: 'license', raw: { text, exception } };
    }
    return { kind: 'license', raw: { text } };
  };
  const binary = (kind: 'and' | 'or', operand: () => RawExpression | undefined) => (): RawExpression | undefined => {
    let left = operand();
    while (left && peek()?.type === kind) {
      pos++;
      const right = operand();
      left = right ? { kind, left, right } : undefined;
    }
    return left;
  };
  const and = binary('and', primary);
  const or = binary('or', and);

  const result = or();
  return result && pos === tokens.length ? result : undefined;
}

/** How a licence is written in SPDX: `GPL-2.0-only`, `GPL-2.0-or-later`, `Apache-2.0+`, `MIT WITH x`. */
export function formatTerm(term: LicenseTerm): string {
  let text: string;
  if (term.known && hasGnuSuffixes(term.id)) text = `${term.id}${term.plus ? '-or-later' : '-only'}`;
  else text = term.plus ? `${term.id}+` : term.id;
  return term.exception ? `${text} WITH ${term.exception}` : text;
}

/** The expression as SPDX text, with parentheses only where precedence needs them. */
export function formatExpression(expr: LicenseExpression): string {
  if (expr.kind === 'license') return formatTerm(expr);
  const side = (e: LicenseExpression) => (expr.kind === 'and' && e.kind === 'or' ? `(${formatExpression(e)})` : formatExpression(e));
  return `${side(expr.left)} ${expr.kind.toUpperCase()} ${side(expr.right)}`;
}

/** The licences of an expression, left to right. */
export function termsOf(expr: LicenseExpression): LicenseTerm[] {
  return expr.kind === 'license' ? [expr] : [...termsOf(expr.left), ...termsOf(expr.right)];
}

/** The operands joined by AND at the top (`A AND (B OR C)` → `A`, `B OR C`). */
export function conjunctsOf(expr: LicenseExpression): LicenseExpression[] {
  return expr.kind === 'and' ? [...conjunctsOf(expr.left), ...conjunctsOf(expr.right)] : [expr];
}
