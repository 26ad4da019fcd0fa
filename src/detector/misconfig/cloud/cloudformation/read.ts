/**
 * Reading CloudFormation resource properties into state values: the raw property is found by its
 * keys (for its lines), then its intrinsics are resolved (for its value). Absent properties take
 * the service default, located at the resource.
 */
import { CfnTemplate, ResourceRef } from '../../cloudformation/template.js';
import type { CfnResource } from '../../cloudformation/template.js';
import { isUnknown } from '../../terraform/values.js';
import type { LineRange } from '../../types.js';
import { def, unknownVal, val } from '../state.js';
import type { Loc, Val } from '../state.js';

type RawMap = Record<string, unknown>;
const isMap = (v: unknown): v is RawMap => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof ResourceRef) && !isUnknown(v);

/** A resource being adapted. */
export class CfnRes {
  constructor(
    readonly template: CfnTemplate,
    readonly resource: CfnResource,
  ) {}

  get properties(): RawMap {
    return this.resource.properties;
  }

  loc(lines: LineRange = this.resource): Loc {
    return { file: this.template.path, startLine: lines.startLine, endLine: lines.endLine, resource: this.resource.logicalId, resourceLine: this.resource.startLine };
  }

  /** The resolved value at a dotted path under `base`, its lines, and whether it is written. */
  at(path: string, base: unknown = this.properties): { value: unknown; lines: LineRange | undefined; present: boolean } {
    let raw: unknown = base;
    let lines: LineRange | undefined;
    for (const key of path.split('.')) {
      let map = raw;
      if (!isMap(map) || Object.keys(map).some((k) => k === 'Ref' || k.startsWith('Fn::'))) map = this.template.resolve(map);
      if (!isMap(map) || !(key in map)) return { value: undefined, lines, present: false };
      lines = this.template.linesOfKey(map, key) ?? lines;
      raw = map[key];
    }
    const value = this.template.resolve(raw);
    return { value, lines, present: value !== undefined && value !== null };
  }

  private read<T>(path: string, fallback: T, base: unknown, convert: (v: unknown) => T | undefined): Val<T> {
    const { value, lines, present } = this.at(path, base);
    const where = this.loc(lines ?? this.linesOfBase(base));
    if (!present) return def(fallback, this.loc(this.linesOfBase(base)));
    if (isUnknown(value) || value instanceof ResourceRef) return unknownVal(fallback, where);
    const converted = convert(value);
    return converted === undefined ? unknownVal(fallback, where) : val(converted, where);
  }

  private linesOfBase(base: unknown): LineRange {
    return base === this.properties ? this.resource : (this.template.linesOf(base) ?? this.resource);
  }

  str(path: string, fallback = '', base: unknown = this.properties): Val<string> {
    return this.read(path, fallback, base, (v) => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined));
  }

  bool(path: string, fallback = false, base: unknown = this.properties): Val<boolean> {
    return this.read(path, fallback, base, (v) => (typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined));
  }

  num(path: string, fallback = 0, base: unknown = this.properties): Val<number> {
    return this.read(path, fallback, base, (v) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : undefined));
  }

  strList(path: string, base: unknown = this.properties): Val<string>[] {
    const { value, lines, present } = this.at(path, base);
    if (!present) return [];
    const where = this.loc(lines ?? this.resource);
    const items = Array.isArray(value) ? value : [value];
    return items.map((item) => (typeof item === 'string' ? val(item, where) : unknownVal('', where)));
  }

  /** The raw mappings of a list property (each keeps its lines). */
  items(path: string, base: unknown = this.properties): RawMap[] {
    let raw: unknown = base;
    for (const key of path.split('.')) {
      if (!isMap(raw)) return [];
      raw = raw[key];
    }
    if (isMap(raw) && Object.keys(raw).some((k) => k.startsWith('Fn::'))) raw = this.template.resolve(raw);
    return Array.isArray(raw) ? raw.filter(isMap) : [];
  }

  /** The raw mapping at a path, if it is one. */
  map(path: string, base: unknown = this.properties): RawMap | undefined {
    let raw: unknown = base;
    for (const key of path.split('.')) {
      if (!isMap(raw)) return undefined;
      raw = raw[key];
    }
    return isMap(raw) ? raw : undefined;
  }

  /** Lines of a raw mapping of this resource. */
  linesOf(node: unknown): LineRange {
    return this.template.linesOf(node) ?? this.resource;
  }

  /** The logical id a property refers to (`!Ref X`, `!GetAtt X.Arn`). */
  refOf(path: string, base: unknown = this.properties): string | undefined {
    const { value } = this.at(path, base);
    return value instanceof ResourceRef ? value.logicalId : undefined;
  }

  has(path: string, base: unknown = this.properties): boolean {
    return this.at(path, base).present;
  }
}
