/**
 * Terraform modules: loads the `.tf` files of a directory, evaluates variables (inputs, `.tfvars`,
 * defaults), locals, resources and data sources with `count`/`for_each` (when static) and dynamic
 * blocks, and calls child modules found in the scanned tree (`source = "./mod"`) or in the
 * `terraform init` cache (`.terraform/modules/modules.json`). Other remote modules are not fetched:
 * their outputs are unknown.
 */
import { posix } from 'node:path';
import type { Attribute, Block, Body, Expr, HclFile, TraversalStep } from './ast.js';
import { EvalBlock } from './blocks.js';
import type { BlockModule, EvalAttribute } from './blocks.js';
import { evaluate, withVariables } from './evaluate.js';
import type { Scope } from './evaluate.js';
import { UNKNOWN, isTfObject, isUnknown, toTfNumber, toTfString } from './values.js';
import type { TfObject, TfValue } from './values.js';

/** The files a module tree is loaded from, by path relative to the scan root. */
export interface SourceTree {
  /** Parsed `.tf`/`.tf.json` files of a directory (its own, not sub-directories), with display paths. */
  moduleFiles(dir: string, displayDir: string): HclFile[];
  /** Text of any file of the tree (for `file()`), or undefined. */
  read(path: string): string | undefined;
  /** `.terraform/modules/modules.json` entries of the root: module key → directory. */
  cachedModules(root: string): Map<string, { dir: string; source: string }>;
}

/** A module call that could not be followed (remote source not in the init cache). */
export interface UnresolvedModule {
  name: string;
  source: string;
  file: string;
  line: number;
}

const META_ATTRIBUTES = new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'providers', 'source', 'version']);
const MAX_DEPTH = 10;
const MAX_INSTANCES = 256;

interface Declaration {
  kind: 'resource' | 'data';
  block: Block;
}

/** One instance of a module (the root, or a module call). */
export class ModuleInstance implements BlockModule {
  readonly variables = new Map<string, TfValue>();
  private readonly localDecls = new Map<string, Attribute>();
  private readonly localValues = new Map<string, TfValue>();
  private readonly decls = new Map<string, Declaration>();
  private readonly instanceCache = new Map<string, EvalBlock[]>();
  private readonly evaluating = new Set<string>();
  private readonly outputs = new Map<string, Attribute>();
  private readonly resourceTypes = new Set<string>();
  private readonly resourceValues = new Map<string, TfValue>();
  readonly children = new Map<string, ModuleInstance[]>();
  private readonly scope: Scope;

  constructor(
    readonly tree: SourceTree,
    readonly root: string,
    readonly dir: string,
    readonly displayDir: string,
    readonly path: string[],
    readonly files: HclFile[],
    inputs: Map<string, TfValue>,
    readonly unresolved: UnresolvedModule[],
  ) {
    this.scope = {
      readFile: (p) => tree.read(p.startsWith('/') ? p.slice(1) : posix.normalize(posix.join(this.dir, p))) ?? tree.read(posix.normalize(p)),
      resolve: (name, steps) => this.resolve(name, steps),
    };
    for (const file of files) {
      for (const block of file.body.blocks) {
        const [first, second] = block.labels;
        switch (block.type) {
          case 'variable':
            if (first) this.variables.set(first, inputs.has(first) ? (inputs.get(first) as TfValue) : this.defaultOf(block));
            break;
          case 'locals':
            for (const attr of block.body.attributes) this.localDecls.set(attr.name, attr);
            break;
          case 'resource':
          case 'data':
            if (first && second) {
              this.decls.set(`${block.type === 'data' ? 'data.' : ''}${first}.${second}`, { kind: block.type, block });
              if (block.type === 'resource') this.resourceTypes.add(first);
            }
            break;
          case 'output':
            if (first) {
              const value = block.body.attributes.find((a) => a.name === 'value');
              if (value) this.outputs.set(first, value);
            }
            break;
        }
      }
    }
    if (path.length < MAX_DEPTH) this.loadChildren();
  }

  private defaultOf(block: Block): TfValue {
    const attr = block.body.attributes.find((a) => a.name === 'default');
    return attr ? evaluate(attr.expr, this.scope) : UNKNOWN;
  }

  /** Evaluates an expression in this module's scope. */
  evaluate(expr: Expr): TfValue {
    return evaluate(expr, this.scope);
  }

  private resolve(name: string, steps: TraversalStep[]): { value: TfValue; consumed: number } | undefined {
    const first = steps[0]?.kind === 'attr' ? steps[0].name : undefined;
    switch (name) {
      case 'var':
        return first === undefined ? { value: Object.fromEntries(this.variables), consumed: 0 } : { value: this.variables.has(first) ? (this.variables.get(first) as TfValue) : UNKNOWN, consumed: 1 };
      case 'local':
        return first === undefined ? { value: UNKNOWN, consumed: steps.length } : { value: this.local(first), consumed: 1 };
      case 'module': {
        if (first === undefined) return { value: UNKNOWN, consumed: steps.length };
        const instances = this.children.get(first);
        if (!instances || instances.length !== 1) return { value: UNKNOWN, consumed: steps.length };
        const output = steps[1]?.kind === 'attr' ? steps[1].name : undefined;
        if (output === undefined) return { value: instances[0].outputValues(), consumed: 1 };
        return { value: instances[0].output(output), consumed: 2 };
      }
      case 'data':
        return { value: UNKNOWN, consumed: steps.length };
      case 'path':
        return { value: { module: this.dir === '' ? '.' : this.dir, root: '.', cwd: '.' }, consumed: 0 };
      case 'terraform':
        return { value: { workspace: 'default' }, consumed: 0 };
      case 'self':
      case 'each':
      case 'count':
        return { value: UNKNOWN, consumed: steps.length };
    }
    if (first !== undefined && this.resourceTypes.has(name)) {
      const decl = this.decls.get(`${name}.${first}`);
      if (!decl) return { value: UNKNOWN, consumed: steps.length };
      return { value: this.resourceValue(decl, `${name}.${first}`), consumed: 1 };
    }
    return undefined;
  }

  private local(name: string): TfValue {
    if (this.localValues.has(name)) return this.localValues.get(name) as TfValue;
    const decl = this.localDecls.get(name);
    if (!decl) return UNKNOWN;
    const key = `local.${name}`;
    if (this.evaluating.has(key)) return UNKNOWN;
    this.evaluating.add(key);
    const value = evaluate(decl.expr, this.scope);
    this.evaluating.delete(key);
    this.localValues.set(name, value);
    return value;
  }

  output(name: string): TfValue {
    const attr = this.outputs.get(name);
    if (!attr) return UNKNOWN;
    const key = `output.${name}`;
    if (this.evaluating.has(key)) return UNKNOWN;
    this.evaluating.add(key);
    const value = evaluate(attr.expr, this.scope);
    this.evaluating.delete(key);
    return value;
  }

  private outputValues(): TfObject {
    return Object.fromEntries([...this.outputs.keys()].map((name) => [name, this.output(name)]));
  }

  /** A resource as other expressions see it: an object, a list (count) or a map (for_each). */
  private resourceValue(decl: Declaration, key: string): TfValue {
    if (this.evaluating.has(key)) return UNKNOWN;
    const cached = this.resourceValues.get(key);
    if (cached !== undefined) return cached;
    const instances = this.instancesOfKey(key);
    const countAttr = decl.block.body.attributes.find((a) => a.name === 'count');
    const forEachAttr = decl.block.body.attributes.find((a) => a.name === 'for_each');
    const objects = instances.map((block) => ({ id: UNKNOWN, arn: UNKNOWN, ...block.toObject() }));
    let value: TfValue = objects[0] ?? UNKNOWN;
    if (countAttr) value = objects;
    else if (forEachAttr) {
      const out: TfObject = {};
      instances.forEach((block, i) => {
        const match = /\["(.*)"\]$/.exec(block.address);
        out[match ? match[1] : String(i)] = objects[i];
      });
      value = out;
    }
    this.resourceValues.set(key, value);
    return value;
  }

  instances(kind: 'resource' | 'data', type: string, name: string): EvalBlock[] {
    return this.instancesOfKey(`${kind === 'data' ? 'data.' : ''}${type}.${name}`);
  }

  private instancesOfKey(key: string): EvalBlock[] {
    const cached = this.instanceCache.get(key);
    if (cached) return cached;
    const decl = this.decls.get(key);
    if (!decl) return [];
    if (this.evaluating.has(key)) return [];
    this.evaluating.add(key);
    const blocks: EvalBlock[] = [];
    const prefix = this.path.map((p) => `module.${p}.`).join('');
    for (const { variables, suffix } of expand(decl.block.body, this.scope)) {
      const scope = withVariables(this.scope, variables);
      const block = new EvalBlock(decl.kind, decl.block.labels, decl.block, this, `${prefix}${key}${suffix}`);
      fillBlock(block, decl.block.body, scope, this);
      blocks.push(block);
    }
    this.evaluating.delete(key);
    this.instanceCache.set(key, blocks);
    return blocks;
  }

  /** Every resource and data instance of this module (not of its children). */
  allBlocks(): EvalBlock[] {
    return [...this.decls.keys()].flatMap((key) => this.instancesOfKey(key));
  }

  private loadChildren(): void {
    for (const file of this.files) {
      for (const block of file.body.blocks) {
        if (block.type !== 'module' || !block.labels[0]) continue;
        const name = block.labels[0];
        const sourceAttr = block.body.attributes.find((a) => a.name === 'source');
        const source = sourceAttr ? toTfString(evaluate(sourceAttr.expr, this.scope)) : undefined;
        if (!source) continue;
        const location = this.locate(name, source);
        if (!location) {
          this.unresolved.push({ name: [...this.path, name].join('.'), source, file: block.file, line: block.startLine });
          continue;
        }
        const files = this.tree.moduleFiles(location.dir, location.display);
        if (files.length === 0) {
          this.unresolved.push({ name: [...this.path, name].join('.'), source, file: block.file, line: block.startLine });
          continue;
        }
        const instances: ModuleInstance[] = [];
        for (const { variables } of expand(block.body, this.scope)) {
          const scope = withVariables(this.scope, variables);
          const inputs = new Map<string, TfValue>();
          for (const attr of block.body.attributes) if (!META_ATTRIBUTES.has(attr.name)) inputs.set(attr.name, evaluate(attr.expr, scope));
          instances.push(new ModuleInstance(this.tree, this.root, location.dir, location.display, [...this.path, name], files, inputs, this.unresolved));
        }
        this.children.set(name, instances);
      }
    }
  }

  /** The directory of a module source: inside the tree, or in the init cache. */
  private locate(name: string, source: string): { dir: string; display: string } | undefined {
    if (source.startsWith('./') || source.startsWith('../')) {
      const dir = posix.normalize(posix.join(this.dir === '' ? '.' : this.dir, source));
      if (dir.startsWith('..')) return undefined;
      const clean = dir === '.' ? '' : dir;
      const display = this.displayDir === this.dir ? clean : posix.normalize(posix.join(this.displayDir, source));
      return { dir: clean, display };
    }
    const cached = this.tree.cachedModules(this.root).get([...this.path, name].join('.'));
    if (!cached) return undefined;
    // reported under the source as the configuration writes it (as trivy does): `terraform-aws-modules/s3-bucket/aws/main.tf`
    return { dir: cached.dir, display: source.replace(/^git::/, '').replace(/^[a-z]+:\/\//, '').replace(/\/\/+/g, '/').replace(/\/$/, '') };
  }

  /** This module and every module below it. */
  *walk(): Generator<ModuleInstance> {
    yield this;
    for (const instances of this.children.values()) for (const child of instances) yield* child.walk();
  }
}

/** The instances `count`/`for_each` make of a block: the variables each sees and its address suffix. */
function expand(body: Body, scope: Scope): { variables: Record<string, TfValue>; suffix: string }[] {
  const count = body.attributes.find((a) => a.name === 'count');
  if (count) {
    const n = toTfNumber(evaluate(count.expr, scope));
    if (n === undefined) return [{ variables: { count: { index: UNKNOWN } }, suffix: '[0]' }];
    return Array.from({ length: Math.max(0, Math.min(MAX_INSTANCES, Math.trunc(n))) }, (_, i) => ({ variables: { count: { index: i } }, suffix: `[${i}]` }));
  }
  const forEach = body.attributes.find((a) => a.name === 'for_each');
  if (forEach) {
    const value = evaluate(forEach.expr, scope);
    let entries: [string, TfValue][] | undefined;
    if (isTfObject(value)) entries = Object.keys(value).sort().map((k) => [k, value[k]]);
    else if (Array.isArray(value)) {
      const keys = value.map(toTfString);
      if (keys.every((k): k is string => k !== undefined)) entries = [...new Set(keys)].sort().map((k) => [k, k]);
    }
    if (!entries) return isUnknown(value) || Array.isArray(value) ? [{ variables: { each: { key: UNKNOWN, value: UNKNOWN } }, suffix: '[0]' }] : [];
    return entries.slice(0, MAX_INSTANCES).map(([key, v]) => ({ variables: { each: { key, value: v } }, suffix: `[${JSON.stringify(key)}]` }));
  }
  return [{ variables: {}, suffix: '' }];
}

/** Evaluates a body's attributes and nested blocks (dynamic blocks expanded) into `block`. */
function fillBlock(block: EvalBlock, body: Body, scope: Scope, module: BlockModule): void {
  for (const attr of body.attributes) {
    if (META_ATTRIBUTES.has(attr.name) && block.address !== '') continue;
    const evaluated: EvalAttribute = { name: attr.name, value: evaluate(attr.expr, scope), expr: attr.expr, span: attr };
    block.attributes.set(attr.name, evaluated);
  }
  for (const child of body.blocks) {
    if (child.type === 'lifecycle' && block.address !== '') continue;
    if (child.type === 'dynamic' && child.labels[0]) {
      for (const expanded of dynamicBlocks(child, scope, module)) block.blocks.push(expanded);
      continue;
    }
    const nested = new EvalBlock(child.type, child.labels, child, module);
    fillBlock(nested, child.body, scope, module);
    block.blocks.push(nested);
  }
}

function dynamicBlocks(dynamic: Block, scope: Scope, module: BlockModule): EvalBlock[] {
  const type = dynamic.labels[0];
  const forEach = dynamic.body.attributes.find((a) => a.name === 'for_each');
  const iteratorAttr = dynamic.body.attributes.find((a) => a.name === 'iterator');
  const iterator = iteratorAttr?.expr.type === 'variable' ? iteratorAttr.expr.name : type;
  const content = dynamic.body.blocks.find((b) => b.type === 'content');
  if (!forEach || !content) return [];
  const value = evaluate(forEach.expr, scope);
  let entries: [TfValue, TfValue][];
  if (Array.isArray(value)) entries = value.map((v, i) => [i, v]);
  else if (isTfObject(value)) entries = Object.keys(value).sort().map((k) => [k, value[k]]);
  else if (isUnknown(value)) entries = [[UNKNOWN, UNKNOWN]];
  else entries = [];
  return entries.slice(0, MAX_INSTANCES).map(([key, v]) => {
    const block = new EvalBlock(type, [], content, module);
    fillBlock(block, content.body, withVariables(scope, { [iterator]: { key, value: v } }), module);
    return block;
  });
}
