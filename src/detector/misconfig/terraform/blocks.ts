/**
 * Evaluated Terraform blocks: a resource (or data source, or nested block) instance whose
 * attributes have values, with the lines they come from. Adapters read these to build the cloud
 * state; `childBlocks` also reads nested blocks written as attribute objects (`.tf.json`).
 */
import type { Expr, Span } from './ast.js';
import { UNKNOWN, isTfObject } from './values.js';
import type { TfObject, TfValue } from './values.js';

/** One evaluated attribute. */
export interface EvalAttribute {
  name: string;
  value: TfValue;
  expr: Expr;
  span: Span;
}

/** The module instance a block belongs to (for resolving references between blocks). */
export interface BlockModule {
  /** Module call names from the root (`['bucket']` for `module.bucket`). */
  path: string[];
  /** Finds the instances of `type.name` (`data.type.name` when `data`) declared in this module. */
  instances(kind: 'resource' | 'data', type: string, name: string): EvalBlock[];
}

/** An evaluated block: a resource/data instance or a block nested in one. */
export class EvalBlock {
  readonly attributes = new Map<string, EvalAttribute>();
  readonly blocks: EvalBlock[] = [];

  constructor(
    /** `resource`, `data` or the nested block's type (`versioning`, `ingress`, ...). */
    readonly type: string,
    readonly labels: string[],
    readonly span: Span,
    readonly module: BlockModule,
    /** For resources and data sources: `aws_s3_bucket.b`, `aws_s3_bucket.b[0]`, `module.m.aws_s3_bucket.b["k"]`. */
    readonly address = '',
  ) {}

  /** The resource type (`aws_s3_bucket`) of a resource or data block. */
  get resourceType(): string {
    return this.labels[0] ?? '';
  }

  /** The name trivy reports as `CauseMetadata.Resource`: the first module call, or the address. */
  get reportName(): string {
    return this.module.path.length > 0 ? `module.${this.module.path[0]}` : this.address;
  }

  attribute(name: string): EvalAttribute | undefined {
    return this.attributes.get(name);
  }

  /** The attribute's value; undefined when the attribute is absent. */
  value(name: string): TfValue | undefined {
    return this.attributes.get(name)?.value;
  }

  /** Nested blocks of a type (nested-block attributes in JSON form are read as blocks too). */
  childBlocks(type: string): EvalBlock[] {
    const found = this.blocks.filter((b) => b.type === type);
    if (found.length > 0) return found;
    const attr = this.attributes.get(type);
    if (!attr) return [];
    const items = Array.isArray(attr.value) ? attr.value : [attr.value];
    return items.filter(isTfObject).map((object) => EvalBlock.fromObject(type, object, attr, this.module));
  }

  childBlock(type: string): EvalBlock | undefined {
    return this.childBlocks(type)[0];
  }

  /** Follows nested blocks by type: `block.nested('rule', 'apply_server_side_encryption_by_default')`. */
  nested(...path: string[]): EvalBlock | undefined {
    let current: EvalBlock | undefined = this;
    for (const type of path) current = current?.childBlock(type);
    return current;
  }

  /** The block as an object value (attributes, nested blocks as lists), as other blocks see it. */
  toObject(): TfObject {
    const out: TfObject = {};
    for (const [name, attr] of this.attributes) out[name] = attr.value;
    for (const block of this.blocks) {
      const list = (out[block.type] ??= []);
      if (Array.isArray(list)) list.push(block.toObject());
    }
    return out;
  }

  /** A nested block made from an object value (JSON syntax, or a block-like attribute). */
  static fromObject(type: string, object: TfObject, attr: EvalAttribute, module: BlockModule): EvalBlock {
    const block = new EvalBlock(type, [], attr.span, module);
    for (const [key, value] of Object.entries(object)) block.attributes.set(key, { name: key, value: value === undefined ? UNKNOWN : value, expr: attr.expr, span: attr.span });
    return block;
  }
}
