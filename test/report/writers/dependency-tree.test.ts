import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderDependencyTree } from '../../../src/report/writers/dependency-tree.js';
import type { DetectedVulnerability, ReportPackage, Result } from '../../../src/report/model.js';

const pkg = (id: string, dependsOn: string[] = []): ReportPackage => ({ ID: id, Name: id.split('@')[0], Version: id.split('@')[1], Identifier: { PURL: '', UID: '' }, DependsOn: dependsOn, AnalyzedBy: 'npm' });
const vuln = (pkgId: string, severity: DetectedVulnerability['Severity']): DetectedVulnerability =>
  ({ VulnerabilityID: `CVE-${pkgId}`, PkgID: pkgId, PkgName: pkgId.split('@')[0], PkgIdentifier: { PURL: '', UID: '' }, InstalledVersion: '1', Status: 'fixed', Severity: severity });

test('reversed tree: every path up to the roots; a repeated package is not expanded twice; cycles end', () => {
  const result: Result = {
    Target: 'package-lock.json',
    Class: 'lang-pkgs',
    Type: 'npm',
    Packages: [pkg('app@1', ['a@1', 'b@1']), pkg('a@1', ['c@1']), pkg('b@1', ['a@1', 'c@1']), pkg('c@1', ['d@1']), pkg('d@1', ['c@1'])],
    Vulnerabilities: [vuln('d@1', 'HIGH'), vuln('d@1', 'LOW')],
  };
  assert.equal(
    renderDependencyTree(result),
    [
      'Dependency Origin Tree (Reversed)',
      '=================================',
      'package-lock.json',
      '└── d@1, (UNKNOWN: 0, LOW: 1, MEDIUM: 0, HIGH: 1, CRITICAL: 0)',
      '    └── c@1',
      '        ├── a@1',
      '        │   ├── app@1',
      '        │   └── b@1',
      '        │       └── app@1',
      '        └── b@1 ...',
    ].join('\n'),
  );
});

test('no graph, or nothing vulnerable: no tree', () => {
  assert.equal(renderDependencyTree({ Target: 't', Class: 'lang-pkgs', Packages: [pkg('a@1')], Vulnerabilities: [vuln('a@1', 'LOW')] }), undefined);
  assert.equal(renderDependencyTree({ Target: 't', Class: 'lang-pkgs', Packages: [pkg('a@1', ['b@1'])] }), undefined);
});
