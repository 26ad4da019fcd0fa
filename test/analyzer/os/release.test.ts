import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { osFromOsRelease } from '../../../src/analyzer/os/os-release.js';
import { debianVersionAnalyzer } from '../../../src/analyzer/os/debian-version.js';
import { alpineReleaseAnalyzer } from '../../../src/analyzer/os/alpine-release.js';
import { redhatReleaseAnalyzer } from '../../../src/analyzer/os/redhat-release.js';
import { mergeOsFacts } from '../../../src/analyzer/run.js';
import type { Analyzer } from '../../../src/analyzer/types.js';
import { sharedPath } from '../../support/paths.js';

const grype = (rel: string) => readFileSync(sharedPath(`fixtures/os-grype/grype/distro/testdata/os/${rel}`), 'utf8');
const run = async (analyzer: Analyzer, path: string, text: string) =>
  (await analyzer.analyze({ path, content: Buffer.from(text), readFile: async () => undefined })).os;

test('os-release of real distributions: family and version as trivy names them', () => {
  const cases: [string, string, string][] = [
    ['debian/usr/lib/os-release', 'debian', '8'],
    ['ubuntu/etc/os-release', 'ubuntu', '20.04'],
    ['alpine-edge/etc/os-release', 'alpine', '3.22.0_alpha20250108'],
    ['centos/usr/lib/os-release', 'centos', '8'],
    ['rockylinux/etc/os-release', 'rocky', '8.4'],
    ['almalinux/etc/os-release', 'alma', '8.4'],
    ['oraclelinux/etc/os-release', 'oracle', '8.3'],
    ['amazon/etc/os-release', 'amazon', '2'],
    ['wolfi/etc/os-release', 'wolfi', '20220914'],
    ['debian-sid/usr/lib/os-release', 'debian', 'trixie'],
  ];
  for (const [file, family, name] of cases) assert.deepEqual(osFromOsRelease(grype(file)), { family, name, from: 'os-release' }, file);
  assert.equal(osFromOsRelease(grype('arch/etc/os-release')), undefined, 'a distribution picket has no advisories for');
  assert.equal(osFromOsRelease(readFileSync(sharedPath('fixtures/os-grype/grype/distro/testdata/partial-fields/missing-id/usr/lib/os-release'), 'utf8')), undefined);
});

test('release files give the precise version; os-release keeps the family (Ubuntu has a debian_version too)', async () => {
  const debian = await run(debianVersionAnalyzer, 'etc/debian_version', '12.4\n');
  assert.deepEqual(debian, { family: 'debian', name: '12.4', from: 'release-file' });
  assert.equal(await run(debianVersionAnalyzer, 'etc/debian_version', 'bullseye/sid\n'), undefined);
  assert.deepEqual(await run(alpineReleaseAnalyzer, 'etc/alpine-release', '3.19.1\n'), { family: 'alpine', name: '3.19.1', from: 'release-file' });
  assert.deepEqual(await run(redhatReleaseAnalyzer, 'etc/centos-release', 'CentOS Linux release 7.9.2009 (Core)\n'), { family: 'centos', name: '7.9.2009', from: 'release-file' });
  assert.deepEqual(await run(redhatReleaseAnalyzer, 'etc/redhat-release', grype('centos5/etc/redhat-release')), { family: 'centos', name: /release\s+([\d.]+)/.exec(grype('centos5/etc/redhat-release'))![1], from: 'release-file' });

  const ubuntu = osFromOsRelease(grype('ubuntu/etc/os-release'))!;
  assert.deepEqual(mergeOsFacts([{ family: 'debian', name: '11.0', from: 'release-file' }, ubuntu]), ubuntu);
  const debianGeneral = osFromOsRelease('ID=debian\nVERSION_ID="12"\n')!;
  assert.deepEqual(mergeOsFacts([debianGeneral, debian!]), debian);
  assert.deepEqual(mergeOsFacts([debian!]), debian);
  assert.equal(mergeOsFacts([]), undefined);
});
