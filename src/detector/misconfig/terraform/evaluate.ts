/**
 * Evaluates HCL expressions against a scope (variables, locals, resources, module outputs, `each`,
 * `count`, `for` variables). Operators follow HCL's conversions (numbers from strings, strings from
 * numbers); whatever cannot be known statically is `UNKNOWN`, never a guess.
 */
import type { Expr, TraversalStep } from './ast.js';
import { callFunction } from './functions.js';
import type { FunctionHost } from './functions.js';
import { UNKNOWN, isTfObject, isUnknown, tfEquals, toTfBool, toTfNumber, toTfString } from './values.js';
import type { TfObject, TfValue } from './values.js';

/** What an expression can see. */
export interface Scope extends FunctionHost {
  /**
   * Resolves a reference rooted at `name` (`var`, `local`, `module`, `data`, a resource type, ...),
   * consuming as many leading steps as it needs. Undefined when the name is not known.
   */
  resolve(name: string, steps: TraversalStep[]): { value: TfValue; consumed: number } | undefined;
}

/** A scope with extra plain variables (`for` variables, dynamic block iterators, `each`, `count`). */
export function withVariables(parent: Scope, variables: Record<string, TfValue>): Scope {
  return {
    readFile: (path) => parent.readFile(path),
    resolve(name, steps) {
      if (Object.prototype.hasOwnProperty.call(variables, name)) return { value: variables[name], consumed: 0 };
      return parent.resolve(name, steps);
    },
  };
}

/** Evaluates `expr` in `scope`. */
export function evaluate(expr: Expr, scope: Scope): TfValue {
  const self = (e: Expr) => evaluate(e, scope);
  switch (expr.type) {
    case 'literal':
      return expr.value;
    case 'paren':
      return self(expr.inner);
    case 'template': {
      if (expr.directives) return UNKNOWN;
      if (expr.parts.length === 1 && typeof expr.parts[0] !== 'string') return self(expr.parts[0]);
      let out = '';
      for (const part of expr.parts) {
        if (typeof part === 'string') {
          out += part;
          continue;
        }
        const value = self(part);
        const text = value === null ? '' : toTfString(value);
        if (text === undefined) return UNKNOWN;
        out += text;
      }
      return out;
    }
    case 'tuple':
      return expr.items.map(self);
    case 'object': {
      const out: TfObject = {};
      for (const item of expr.items) {
        const key = item.bareKey ?? toTfString(self(item.key));
        if (key === undefined) return UNKNOWN;
        out[key] = self(item.value);
      }
      return out;
    }
    case 'variable': {
      const found = scope.resolve(expr.name, []);
      return found ? found.value : UNKNOWN;
    }
    case 'traverse': {
      if (expr.target.type === 'variable') {
        const found = scope.resolve(expr.target.name, expr.steps);
        if (!found) return UNKNOWN;
        return applySteps(found.value, expr.steps.slice(found.consumed), self);
      }
      return applySteps(self(expr.target), expr.steps, self);
    }
    case 'call':
      return call(expr, scope, self);
    case 'conditional': {
      const condition = toTfBool(self(expr.condition));
      if (condition === undefined) return UNKNOWN;
      return condition ? self(expr.whenTrue) : self(expr.whenFalse);
    }
    case 'unary': {
      const value = self(expr.operand);
      if (expr.op === '!') {
        const b = toTfBool(value);
        return b === undefined ? UNKNOWN : !b;
      }
      const n = toTfNumber(value);
      return n === undefined ? UNKNOWN : -n;
    }
    case 'binary':
      return binary(expr.op, expr.left, expr.right, self);
    case 'for':
      return forExpression(expr, scope);
  }
}

function call(expr: Extract<Expr, { type: 'call' }>, scope: Scope, self: (e: Expr) => TfValue): TfValue {
  if (expr.name === 'try') {
    for (const arg of expr.args) {
      const value = self(arg);
      if (!isUnknown(value)) return value;
    }
    return UNKNOWN;
  }
  if (expr.name === 'can') {
    const value = expr.args.length > 0 ? self(expr.args[0]) : UNKNOWN;
    return isUnknown(value) ? UNKNOWN : true;
  }
  let args = expr.args.map(self);
  if (expr.expandFinal && args.length > 0) {
    const last = args[args.length - 1];
    if (!Array.isArray(last)) return UNKNOWN;
    args = [...args.slice(0, -1), ...last];
  }
  return callFunction(expr.name, args, scope);
}

function binary(op: string, leftExpr: Expr, rightExpr: Expr, self: (e: Expr) => TfValue): TfValue {
  const left = self(leftExpr);
  if (op === '&&' || op === '||') {
    const l = toTfBool(left);
    if (l === false && op === '&&') return false;
    if (l === true && op === '||') return true;
    const r = toTfBool(self(rightExpr));
    if (l === undefined || r === undefined) return UNKNOWN;
    return r;
  }
  const right = self(rightExpr);
  if (isUnknown(left) || isUnknown(right)) return UNKNOWN;
  if (op === '==') return tfEquals(left, right) || (toTfString(left) !== undefined && typeof left === typeof right && toTfString(left) === toTfString(right));
  if (op === '!=') return !tfEquals(left, right);
  const a = toTfNumber(left);
  const b = toTfNumber(right);
  if (a === undefined || b === undefined) return UNKNOWN;
  switch (op) {
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '>=':
      return a >= b;
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? UNKNOWN : a / b;
    case '%':
      return b === 0 ? UNKNOWN : a % b;
  }
  return UNKNOWN;
}

/** Applies traversal steps to a value (attribute access, indexing, splats). */
export function applySteps(value: TfValue, steps: TraversalStep[], self: (e: Expr) => TfValue): TfValue {
  let current = value;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (isUnknown(current)) return UNKNOWN;
    if (step.kind === 'splat') {
      const rest = steps.slice(i + 1);
      if (current === null) return [];
      const items = Array.isArray(current) ? current : [current];
      return items.map((item) => applySteps(item, rest, self));
    }
    const key = step.kind === 'attr' ? step.name : self(step.key);
    if (isUnknown(key)) return UNKNOWN;
    if (Array.isArray(current)) {
      const n = toTfNumber(key);
      if (n === undefined || n < 0 || n >= current.length) return UNKNOWN;
      current = current[Math.trunc(n)];
    } else if (isTfObject(current)) {
      const k = toTfString(key);
      if (k === undefined || !Object.prototype.hasOwnProperty.call(current, k)) return UNKNOWN;
      current = current[k];
    } else {
      return UNKNOWN;
    }
  }
  return current;
}

function forExpression(expr: Extract<Expr, { type: 'for' }>, scope: Scope): TfValue {
  const collection = evaluate(expr.collection, scope);
  if (isUnknown(collection) || collection === null) return isUnknown(collection) ? UNKNOWN : expr.isObject ? {} : [];
  const entries: [TfValue, TfValue][] = Array.isArray(collection)
    ? collection.map((v, i) => [i, v])
    : isTfObject(collection)
      ? Object.keys(collection)
          .sort()
          .map((k) => [k, collection[k]])
      : [];
  if (!Array.isArray(collection) && !isTfObject(collection)) return UNKNOWN;
  const tuple: TfValue[] = [];
  const object: TfObject = {};
  const groups: Record<string, TfValue[]> = {};
  for (const [key, value] of entries) {
    const vars: Record<string, TfValue> = { [expr.valueVar]: value };
    if (expr.keyVar) vars[expr.keyVar] = key;
    const inner = withVariables(scope, vars);
    if (expr.condition) {
      const keep = toTfBool(evaluate(expr.condition, inner));
      if (keep === undefined) return UNKNOWN;
      if (!keep) continue;
    }
    const item = evaluate(expr.valueExpr, inner);
    if (!expr.isObject || !expr.keyExpr) {
      tuple.push(item);
      continue;
    }
    const k = toTfString(evaluate(expr.keyExpr, inner));
    if (k === undefined) return UNKNOWN;
    if (expr.grouping) (groups[k] ??= []).push(item);
    else object[k] = item;
  }
  if (!expr.isObject) return tuple;
  return expr.grouping ? groups : object;
}
