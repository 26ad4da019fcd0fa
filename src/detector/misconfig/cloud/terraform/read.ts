/**
 * Reading evaluated Terraform blocks into state values: each read gives a `Val` located at the
 * attribute when written, else at the block (with the provider's default), and unknown when the
 * configuration computes it from something not known before apply.
 */
import type { Span } from '../../terraform/ast.js';
import type { EvalBlock } from '../../terraform/blocks.js';
import { isUnknown, toTfBool, toTfNumber, toTfString } from '../../terraform/values.js';
import type { TfValue } from '../../terraform/values.js';
import { def, unknownVal, val } from '../state.js';
import type { Loc, Val } from '../state.js';

/** A resource (or data source) instance being adapted; reads its own and its nested blocks. */
export class TfResource {
  constructor(readonly block: EvalBlock) {}

  /** The location of the resource, or of a nested block/attribute of it. */
  loc(span: Span = this.block.span): Loc {
    return { file: span.file, startLine: span.startLine, endLine: span.endLine, resource: this.block.reportName, resourceLine: this.block.span.startLine };
  }

  private read<T>(block: EvalBlock, name: string, fallback: T, convert: (v: TfValue) => T | undefined): Val<T> {
    const attr = block.attribute(name);
    if (!attr || attr.value === null) return def(fallback, this.loc(block.span));
    if (isUnknown(attr.value)) return unknownVal(fallback, this.loc(attr.span));
    const converted = convert(attr.value);
    return converted === undefined ? unknownVal(fallback, this.loc(attr.span)) : val(converted, this.loc(attr.span));
  }

  str(name: string, fallback = '', block: EvalBlock = this.block): Val<string> {
    return this.read(block, name, fallback, toTfString);
  }

  bool(name: string, fallback = false, block: EvalBlock = this.block): Val<boolean> {
    return this.read(block, name, fallback, toTfBool);
  }

  num(name: string, fallback = 0, block: EvalBlock = this.block): Val<number> {
    return this.read(block, name, fallback, toTfNumber);
  }

  /** A list of strings: one value per item (unknown items stay unknown), located at the attribute. */
  strList(name: string, block: EvalBlock = this.block): Val<string>[] {
    const attr = block.attribute(name);
    if (!attr || attr.value === null) return [];
    const loc = this.loc(attr.span);
    if (isUnknown(attr.value)) return [unknownVal('', loc)];
    const items = Array.isArray(attr.value) ? attr.value : [attr.value];
    return items.map((item) => {
      const text = toTfString(item);
      return text === undefined ? unknownVal('', loc) : val(text, loc);
    });
  }

  /** True when the attribute is written (even as unknown). */
  has(name: string, block: EvalBlock = this.block): boolean {
    const attr = block.attribute(name);
    return attr !== undefined && attr.value !== null;
  }
}
