/**
 * A Kubernetes object from a manifest: what every Kubernetes check receives. The object is the
 * plain parsed YAML; `linesOf` says where any of its mappings or lists is in the file.
 */
import type { LineRange } from '../types.js';
import type { YamlFile } from '../yaml/documents.js';
import { asMap, asString, dig } from './values.js';
import type { YamlMap } from './values.js';

export interface K8sResource {
  /** The whole object as parsed (`apiVersion`, `kind`, `metadata`, `spec`, ...). */
  object: YamlMap;
  apiVersion: string;
  /** As written (`Deployment`); checks compare it case-insensitively via `kindLower`. */
  kind: string;
  kindLower: string;
  name: string;
  /** `metadata.namespace`, or `default` when absent (as the API server would place it). */
  namespace: string;
  /** Lines of the whole object. */
  startLine: number;
  endLine: number;
  /** Lines of a mapping/list inside the object (key line to last line), if it came from the file. */
  linesOf(node: unknown): LineRange | undefined;
  /** Lines of `key` in `parent` (key line to the end of its value). */
  linesOfKey(parent: unknown, key: string): LineRange | undefined;
}

/** Wraps one parsed document; undefined when it is not a Kubernetes object (no kind/apiVersion). */
export function toResource(value: unknown, file: YamlFile, startLine: number, endLine: number): K8sResource | undefined {
  const object = asMap(value);
  if (!object) return undefined;
  const kind = asString(object.kind);
  const apiVersion = asString(object.apiVersion);
  if (!kind || !apiVersion) return undefined;
  const namespace = asString(dig(object, 'metadata', 'namespace'));
  return {
    object,
    apiVersion,
    kind,
    kindLower: kind.toLowerCase(),
    name: asString(dig(object, 'metadata', 'name')) ?? '',
    namespace: namespace && namespace !== '' ? namespace : 'default',
    startLine,
    endLine,
    linesOf: file.linesOf,
    linesOfKey: file.linesOfKey,
  };
}
