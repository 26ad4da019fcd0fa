import { severityOfCategory, severityRank, type LicenseCategory, type LicenseSeverity } from './categories.js';
import { formatExpression, formatTerm, type LicenseExpression, type LicenseTerm } from './expression.js';
import { normalizeLicense } from './normalize.js';
import type { CompiledPolicy } from './policy.js';

export interface LicenseClassification {
  category: LicenseCategory;
  severity: LicenseSeverity;
  /** The licence as an SPDX expression (`GPL-2.0-or-later`), or as written when picket cannot place it. */
  expression: string;
}

/**
 * The names one licence is looked up by in a policy: as SPDX writes it (`GPL-2.0-or-later WITH
 * Bison-exception-2.2`), without the exception, with `+` (`GPL-2.0+`), the base id (`GPL-2.0`,
 * so trivy's lists of base ids match both `-only` and `-or-later`) and trivy's old
 * `GPL-2.0-with-bison-exception` form.
 */
function lookupNames(term: LicenseTerm): string[] {
  const names = [formatTerm(term)];
  if (term.exception) {
    names.push(formatTerm({ ...term, exception: undefined }));
    const word = /^([A-Za-z]+)-exception/.exec(term.exception)?.[1];
    if (word) names.push(`${term.id}-with-${word}-exception`);
  }
  if (term.plus) names.push(`${term.id}+`);
  names.push(term.id);
  return names;
}

function categoryOfTerm(term: LicenseTerm, policy: CompiledPolicy): LicenseCategory {
  for (const name of lookupNames(term)) {
    const category = policy.categoryOf(name);
    if (category) return category;
  }
  return 'unknown';
}

/**
 * The category of an expression, as trivy decides it: a licence by the policy; `A AND B` the
 * more severe of the two (both apply), `A OR B` the less severe (the user may choose); unknown as
 * soon as either side is unknown.
 */
function categoryOf(expr: LicenseExpression, policy: CompiledPolicy): LicenseCategory {
  if (expr.kind === 'license') return categoryOfTerm(expr, policy);
  const left = categoryOf(expr.left, policy);
  const right = categoryOf(expr.right, policy);
  if (left === 'unknown' || right === 'unknown') return 'unknown';
  const l = severityRank(severityOfCategory(left));
  const r = severityRank(severityOfCategory(right));
  if (expr.kind === 'and') return r > l ? right : left;
  return r < l ? right : left;
}

/** Normalises a licence string and classifies it under the policy. */
export function classifyLicense(name: string, policy: CompiledPolicy): LicenseClassification {
  const expr = normalizeLicense(name);
  const category = categoryOf(expr, policy);
  return { category, severity: severityOfCategory(category), expression: formatExpression(expr) };
}
