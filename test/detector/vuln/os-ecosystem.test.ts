import { test } from 'node:test';
import assert from 'node:assert/strict';
import { osTargetOf } from '../../../src/detector/vuln/os-ecosystem.js';
import type { OsInfo } from '../../../src/analyzer/types.js';
import { schemeForEcosystem } from '../../../src/version/index.js';

const os = (family: string, name: string): OsInfo => ({ family, name, from: 'release-file' });

test('Red Hat family: the ecosystems the Red Hat CSAF converter and osv.dev write, rpm purls per family', () => {
  const cases: [OsInfo, string | undefined, string][] = [
    [os('redhat', '9.3'), 'Red Hat:enterprise_linux:9::baseos', 'redhat'],
    [os('redhat', '8.10'), 'Red Hat:enterprise_linux:8::baseos', 'redhat'],
    [os('redhat', '7.9'), 'Red Hat:enterprise_linux:7::server', 'redhat'],
    [os('redhat', '10.0'), 'Red Hat:enterprise_linux:10.0', 'redhat'],
    [os('redhat', '10'), undefined, 'redhat'],
    [os('redhat', '4.8'), undefined, 'redhat'],
    [os('centos', '7.9.2009'), 'Red Hat:enterprise_linux:7::server', 'centos'],
    [os('centos', '8'), 'Red Hat:enterprise_linux:8::baseos', 'centos'],
    [os('centos', '9'), undefined, 'centos'],
    [os('rocky', '9.3'), 'Rocky Linux:9', 'rocky'],
    [os('alma', '8.5'), 'AlmaLinux:8', 'alma'],
    [os('fedora', '39'), undefined, 'fedora'],
    [os('amazon', '2'), undefined, 'amazon'],
  ];
  for (const [info, ecosystem, namespace] of cases) {
    const target = osTargetOf(info, 'rpm');
    assert.deepEqual([target.ecosystem, target.purlType, target.purlNamespace], [ecosystem, 'rpm', namespace], `${info.family} ${info.name}`);
    if (ecosystem) assert.ok(schemeForEcosystem(ecosystem), `${ecosystem} has the rpm version scheme`);
  }
});

test('a package DB of another manager gets no advisory ecosystem of the OS', () => {
  assert.deepEqual(osTargetOf(os('debian', '12.4'), 'rpm'), { purlType: 'rpm', purlNamespace: 'debian' });
  assert.deepEqual(osTargetOf(os('redhat', '9.3'), 'dpkg'), { purlType: 'deb', purlNamespace: 'redhat' });
  assert.deepEqual(osTargetOf(os('debian', '12.4'), 'dpkg'), { ecosystem: 'Debian:12', purlType: 'deb', purlNamespace: 'debian' });
  assert.deepEqual(osTargetOf(undefined, 'rpm'), { purlType: 'rpm', purlNamespace: 'unknown' });
});
