/**
 * Links between evaluated blocks: which resource an attribute refers to (`bucket =
 * aws_s3_bucket.b.id`), and which resources of a type refer to a given one. Adapters use these to
 * attach `aws_s3_bucket_versioning` to its bucket, rules to their security group, and so on.
 */
import type { Expr } from './ast.js';
import type { EvalAttribute, EvalBlock } from './blocks.js';
import { toTfNumber, toTfString } from './values.js';

const referenceCache = new WeakMap<EvalAttribute, EvalBlock[]>();
const traversalCache = new WeakMap<Expr, Step[][]>();

/** The blocks an attribute's expression refers to (resources and data sources of the same module). */
export function referencedBlocks(attr: EvalAttribute | undefined, from: EvalBlock): EvalBlock[] {
  if (!attr) return [];
  const cached = referenceCache.get(attr);
  if (cached) return cached;
  const found: EvalBlock[] = [];
  for (const ref of traversals(attr.expr)) {
    const [root, ...steps] = ref;
    let kind: 'resource' | 'data' = 'resource';
    let parts = [root, ...steps];
    if (root === 'data') {
      kind = 'data';
      parts = steps;
    }
    const [type, name, index] = parts;
    if (typeof type !== 'string' || typeof name !== 'string' || !type.includes('_')) continue;
    const instances = from.module.instances(kind, type, name);
    if (instances.length === 0) continue;
    if (index !== undefined && typeof index !== 'string') {
      const match = instances.find((b) => b.address.endsWith(`[${typeof index === 'number' ? index : JSON.stringify(index.key)}]`));
      found.push(match ?? instances[0]);
    } else {
      found.push(...instances);
    }
  }
  const unique = [...new Set(found)];
  referenceCache.set(attr, unique);
  return unique;
}

/** The first block the attribute refers to. */
export function referencedBlock(attr: EvalAttribute | undefined, from: EvalBlock): EvalBlock | undefined {
  return referencedBlocks(attr, from)[0];
}

/** True when `attr` of `block` refers to `target` (by reference, or by its id/name value). */
export function refersTo(block: EvalBlock, attrName: string, target: EvalBlock, matchValues: readonly string[] = []): boolean {
  const attr = block.attribute(attrName);
  if (!attr) return false;
  if (referencedBlocks(attr, block).includes(target)) return true;
  const value = toTfString(attr.value);
  return value !== undefined && value !== '' && matchValues.includes(value);
}

type Step = string | number | { key: string };

/** Static traversals in an expression: `aws_s3_bucket.b.id` → ['aws_s3_bucket', 'b', 'id']. */
function traversals(expr: Expr): Step[][] {
  const cached = traversalCache.get(expr);
  if (cached) return cached;
  const out: Step[][] = [];
  const visit = (e: Expr): void => {
    switch (e.type) {
      case 'variable':
        out.push([e.name]);
        return;
      case 'traverse': {
        if (e.target.type === 'variable') {
          const path: Step[] = [e.target.name];
          for (const step of e.steps) {
            if (step.kind === 'attr') path.push(step.name);
            else if (step.kind === 'index' && step.key.type === 'literal') {
              const n = toTfNumber(step.key.value as never);
              path.push(typeof step.key.value === 'string' ? { key: step.key.value } : (n ?? 0));
            } else break;
          }
          out.push(path);
        } else visit(e.target);
        for (const step of e.steps) if (step.kind === 'index') visit(step.key);
        return;
      }
      case 'template':
        for (const part of e.parts) if (typeof part !== 'string') visit(part);
        return;
      case 'tuple':
        e.items.forEach(visit);
        return;
      case 'object':
        for (const item of e.items) {
          visit(item.key);
          visit(item.value);
        }
        return;
      case 'call':
        e.args.forEach(visit);
        return;
      case 'conditional':
        visit(e.condition);
        visit(e.whenTrue);
        visit(e.whenFalse);
        return;
      case 'binary':
        visit(e.left);
        visit(e.right);
        return;
      case 'unary':
        visit(e.operand);
        return;
      case 'paren':
        visit(e.inner);
        return;
      case 'for':
        visit(e.collection);
        return;
      case 'literal':
        return;
    }
  };
  visit(expr);
  traversalCache.set(expr, out);
  return out;
}
