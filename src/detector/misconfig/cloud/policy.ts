/** IAM policy documents (JSON text or an already parsed object) → their statements. */
import type { PolicyStatement } from './state.js';

const asList = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).filter((v): v is string => typeof v === 'string');

/** The statements of a policy document; undefined when it is not a readable document. */
export function policyStatements(document: unknown): PolicyStatement[] | undefined {
  let doc = document;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      return undefined;
    }
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  const raw = (doc as Record<string, unknown>).Statement;
  const statements = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? [raw] : [];
  return statements
    .filter((s): s is Record<string, unknown> => s !== null && typeof s === 'object')
    .map((s) => ({ effect: typeof s.Effect === 'string' ? s.Effect : 'Allow', actions: asList(s.Action), resources: asList(s.Resource) }));
}

/** True when the statement allows. */
export function allows(statement: PolicyStatement): boolean {
  return statement.effect.toLowerCase() === 'allow';
}
