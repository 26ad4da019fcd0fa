/**
 * A CloudFormation template: its resources (with lines), parameters (defaults), conditions and
 * mappings, and the resolution of intrinsic functions — `Ref`, `Fn::Sub`, `Fn::GetAtt`, `Fn::If`
 * with `Conditions` (`Fn::Equals`/`And`/`Or`/`Not`), `Fn::Join`, `Fn::Select`, `Fn::Split`,
 * `Fn::FindInMap`, `Fn::Base64` — to values; what depends on the deployment is unknown.
 */
import { ParseError } from '../../../analyzer/parse-error.js';
import { UNKNOWN, isUnknown } from '../terraform/values.js';
import type { LineRange } from '../types.js';
import { YamlSyntaxError } from '../yaml/documents.js';
import { parseTemplateYaml } from './yaml.js';
import type { TemplateFile } from './yaml.js';

/** A reference to a resource of the template (`!Ref Bucket`, `!GetAtt Bucket.Arn`). */
export class ResourceRef {
  constructor(
    readonly logicalId: string,
    readonly attribute?: string,
  ) {}
}

/** One resource of the template. */
export interface CfnResource {
  logicalId: string;
  type: string;
  /** The raw `Properties` mapping (intrinsics unresolved). */
  properties: Record<string, unknown>;
  startLine: number;
  endLine: number;
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof ResourceRef) && !isUnknown(v);

/** A parsed template. */
export class CfnTemplate {
  readonly resources: CfnResource[] = [];
  private readonly parameters = new Map<string, unknown>();
  private readonly conditions: Record<string, unknown>;
  private readonly mappings: Record<string, unknown>;
  private readonly resourceIds = new Set<string>();
  private readonly conditionStack = new Set<string>();

  constructor(
    readonly path: string,
    readonly file: TemplateFile,
  ) {
    const root = isMap(file.value) ? file.value : {};
    const parameters = isMap(root.Parameters) ? root.Parameters : {};
    for (const [name, spec] of Object.entries(parameters)) this.parameters.set(name, isMap(spec) && 'Default' in spec ? spec.Default : UNKNOWN);
    this.conditions = isMap(root.Conditions) ? root.Conditions : {};
    this.mappings = isMap(root.Mappings) ? root.Mappings : {};
    const resources = isMap(root.Resources) ? root.Resources : {};
    for (const [logicalId, spec] of Object.entries(resources)) {
      if (!isMap(spec) || typeof spec.Type !== 'string') continue;
      this.resourceIds.add(logicalId);
      if (typeof spec.Condition === 'string' && this.condition(spec.Condition) === false) continue;
      const lines = file.linesOfKey(resources, logicalId) ?? { startLine: 1, endLine: 1 };
      this.resources.push({ logicalId, type: spec.Type, properties: isMap(spec.Properties) ? spec.Properties : {}, ...lines });
    }
  }

  /** Resources of a type (`AWS::S3::Bucket`). */
  ofType(type: string): CfnResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  /** Lines of `key` in the raw mapping `map`. */
  linesOfKey(map: unknown, key: string): LineRange | undefined {
    return this.file.linesOfKey(map, key);
  }

  /** Lines of a raw mapping or list. */
  linesOf(node: unknown): LineRange | undefined {
    return this.file.linesOf(node);
  }

  /** Resolves intrinsic functions; `undefined` for `AWS::NoValue`. */
  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v)).filter((v) => v !== undefined);
    if (!isMap(value)) return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [key] = keys;
      const arg = value[key];
      if (key === 'Ref') return this.ref(arg);
      if (key === 'Condition' && typeof arg === 'string') return this.condition(arg) ?? UNKNOWN;
      if (key.startsWith('Fn::')) return this.fn(key.slice(4), arg);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const resolved = this.resolve(v);
      if (resolved !== undefined) out[k] = resolved;
    }
    return out;
  }

  private ref(name: unknown): unknown {
    if (typeof name !== 'string') return UNKNOWN;
    if (name === 'AWS::NoValue') return undefined;
    if (this.parameters.has(name)) return this.parameters.get(name);
    if (this.resourceIds.has(name)) return new ResourceRef(name);
    return UNKNOWN;
  }

  /** The value of a named condition; undefined when it cannot be known. */
  condition(name: string): boolean | undefined {
    if (this.conditionStack.has(name) || !(name in this.conditions)) return undefined;
    this.conditionStack.add(name);
    const value = this.resolve(this.conditions[name]);
    this.conditionStack.delete(name);
    return typeof value === 'boolean' ? value : undefined;
  }

  private fn(name: string, rawArg: unknown): unknown {
    switch (name) {
      case 'If': {
        if (!Array.isArray(rawArg) || rawArg.length !== 3 || typeof rawArg[0] !== 'string') return UNKNOWN;
        const condition = this.condition(rawArg[0]);
        return condition === undefined ? UNKNOWN : this.resolve(condition ? rawArg[1] : rawArg[2]);
      }
      case 'GetAtt': {
        const arg = this.resolve(rawArg);
        const parts = Array.isArray(arg) ? arg : typeof arg === 'string' ? arg.split('.') : [];
        return typeof parts[0] === 'string' && this.resourceIds.has(parts[0]) ? new ResourceRef(parts[0], parts.slice(1).join('.')) : UNKNOWN;
      }
      case 'Sub':
        return this.sub(rawArg);
    }
    const arg = this.resolve(rawArg);
    const args = Array.isArray(arg) ? arg : [arg];
    if (args.some(isUnknown)) return UNKNOWN;
    switch (name) {
      case 'Equals':
        return args.length === 2 ? JSON.stringify(args[0]) === JSON.stringify(args[1]) || String(args[0]) === String(args[1]) : UNKNOWN;
      case 'And':
        return args.every((a) => a === true) ? true : args.some((a) => a === false) ? false : UNKNOWN;
      case 'Or':
        return args.some((a) => a === true) ? true : args.every((a) => a === false) ? false : UNKNOWN;
      case 'Not':
        return typeof args[0] === 'boolean' ? !args[0] : UNKNOWN;
      case 'Join': {
        const [delimiter, list] = args;
        if (typeof delimiter !== 'string' || !Array.isArray(list) || list.some((v) => typeof v === 'object' && v !== null)) return UNKNOWN;
        return list.join(delimiter);
      }
      case 'Select': {
        const [index, list] = args;
        const i = Number(index);
        return Array.isArray(list) && Number.isInteger(i) && i >= 0 && i < list.length ? list[i] : UNKNOWN;
      }
      case 'Split': {
        const [delimiter, text] = args;
        return typeof delimiter === 'string' && typeof text === 'string' ? text.split(delimiter) : UNKNOWN;
      }
      case 'FindInMap': {
        const [map, top, second] = args.map(String);
        const level1 = this.mappings[map];
        const level2 = isMap(level1) ? level1[top] : undefined;
        return isMap(level2) && second in level2 ? this.resolve(level2[second]) : UNKNOWN;
      }
      case 'Base64':
        return typeof args[0] === 'string' ? args[0] : UNKNOWN;
      default:
        return UNKNOWN;
    }
  }

  private sub(rawArg: unknown): unknown {
    let template: unknown = rawArg;
    const variables: Record<string, unknown> = {};
    if (Array.isArray(rawArg)) {
      template = rawArg[0];
      const vars = this.resolve(rawArg[1]);
      if (isMap(vars)) Object.assign(variables, vars);
    }
    if (typeof template !== 'string') return UNKNOWN;
    let unknown = false;
    const out = template.replace(/\$\{([^}!]+)\}|\$\{!([^}]*)\}/g, (_m, name: string | undefined, literal: string | undefined) => {
      if (literal !== undefined) return `\${${literal}}`;
      const key = (name ?? '').trim();
      const value = key in variables ? variables[key] : key.includes('.') ? UNKNOWN : this.ref(key);
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
      unknown = true;
      return '';
    });
    return unknown ? UNKNOWN : out;
  }
}

/** Parses a template (YAML or JSON). Throws `ParseError` when it is not valid YAML/JSON. */
export function parseTemplate(path: string, text: string): CfnTemplate {
  try {
    return new CfnTemplate(path, parseTemplateYaml(text));
  } catch (error) {
    if (error instanceof YamlSyntaxError) throw new ParseError(path, error.reason, error.line);
    throw error;
  }
}
