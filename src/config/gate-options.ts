import type { OptionSpec } from './options.js';

/**
 * Options that decide what a scan reports and how it exits: VEX documents and suppressed
 * findings, a baseline report, and the exit codes per finding class and for an end-of-life OS.
 * Every scanning command takes them (see docs/vex-and-ignores.md).
 */
export const gateOptionSpecs: OptionSpec[] = [
  {
    name: 'vex', kind: 'list', valueName: 'file', default: [], configKeys: ['vulnerability.vex'],
    description: 'VEX document (OpenVEX or CycloneDX VEX): not_affected and fixed statements suppress findings; repeatable',
  },
  {
    name: 'show-suppressed', kind: 'boolean', default: false, configKeys: ['scan.show-suppressed'],
    description: 'list the findings VEX or the ignore file suppressed (JSON: ExperimentalModifiedFindings), with the statement and its source',
  },
  {
    name: 'baseline', kind: 'string', valueName: 'report.json', configKeys: ['scan.baseline'],
    description: 'JSON report of an earlier scan: report and gate only findings that are not in it',
  },
  { name: 'exit-code-vuln', kind: 'int', valueName: 'code', default: 0, description: 'exit code when vulnerabilities remain (before --exit-code)' },
  { name: 'exit-code-secret', kind: 'int', valueName: 'code', default: 0, description: 'exit code when secrets remain (before --exit-code)' },
  { name: 'exit-code-misconfig', kind: 'int', valueName: 'code', default: 0, description: 'exit code when failed checks remain (before --exit-code)' },
  { name: 'exit-code-license', kind: 'int', valueName: 'code', default: 0, description: 'exit code when licence findings remain (before --exit-code)' },
  { name: 'exit-on-eol', kind: 'int', valueName: 'code', default: 0, description: 'exit code when the OS is past its end of security support and no finding set the exit code' },
];
