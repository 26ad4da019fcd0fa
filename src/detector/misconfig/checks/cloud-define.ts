/**
 * Builder and helpers for the cloud checks (AWS, Google, Azure): each reads the provider-level
 * state (cloud/state.ts) that Terraform and CloudFormation are adapted into, and reports causes
 * located at the original lines, in the file they are in.
 */
import type { CloudState, Loc, Val } from '../cloud/state.js';
import type { Cause, Check, CheckMeta } from '../types.js';
import { avdUrl } from './define.js';

/** What a cloud check file writes down. */
export type CloudCheckSpec = Omit<CheckMeta, 'service' | 'primaryUrl' | 'avdId' | 'provider'> & {
  provider: 'AWS' | 'Google' | 'Azure';
  service: string;
  check(state: CloudState): Cause[];
};

/** A built-in cloud check. */
export function cloudCheck(spec: CloudCheckSpec): Check<CloudState> {
  const primaryUrl = avdUrl(spec.id);
  return { ...spec, type: 'cloud', primaryUrl, references: [...spec.references.filter((r) => r !== primaryUrl), primaryUrl] };
}

/** A cause at a located value or resource. */
export function fail(loc: Loc, message: string): Cause {
  return { message, startLine: loc.startLine, endLine: loc.endLine, resource: loc.resource, filePath: loc.file, anchorLines: [loc.resourceLine] };
}

/** Known and false (an unknown value never fails a check). */
export function isOff(value: Val<boolean>): boolean {
  return !value.unknown && !value.value;
}

/** Known and true. */
export function isOn(value: Val<boolean>): boolean {
  return !value.unknown && value.value;
}

/** Known and empty. */
export function isEmpty(value: Val<string>): boolean {
  return !value.unknown && value.value === '';
}
