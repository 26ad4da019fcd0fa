/**
 * Licences of apk and rpm packages, normalised to SPDX by the package DB analyzers: trivy's and
 * grype's apk databases, grype's Berkeley DB rpmdb, and a sqlite rpmdb made here by rpmbuild + rpm
 * with Fedora-style LICENSE tags (read back with `rpm -qa` to compare).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { apkInstalledAnalyzer } from '../../../src/analyzer/pkg/apk-installed.js';
import { rpmBdbAnalyzer } from '../../../src/analyzer/pkg/rpm-bdb.js';
import { rpmSqliteAnalyzer } from '../../../src/analyzer/pkg/rpm-sqlite.js';
import { splitRpmLicense } from '../../../src/detector/license/split.js';
import type { AnalysisResult } from '../../../src/analyzer/types.js';
import { analyzeFixture } from '../../support/analyze-file.js';
import { makeRpmRoot, rpmQueryAll, type Spec } from '../../support/rpm.js';
import { sharedPath } from '../../support/paths.js';
import { tempDir } from '../../support/temp.js';

const licensesByName = (result: AnalysisResult) => new Map(result.osPackages![0].packages.map((p) => [p.name, p.licenses]));

test("apk L: fields (trivy's test DB): split, normalised, OR kept together", async () => {
  const result = await analyzeFixture(apkInstalledAnalyzer, sharedPath('fixtures/trivy-unit/fanal/analyzer/pkg/apk/testdata/apk'), 'lib/apk/db/installed');
  const byName = licensesByName(result);
  assert.deepEqual(byName.get('musl-utils'), ['MIT', 'BSD-3-Clause', 'GPL-2.0-or-later']); // L:MIT BSD GPL2+
  assert.deepEqual(byName.get('ada-libs'), ['Apache-2.0 OR MIT', 'MPL-2.0']); // L:( Apache-2.0 OR MIT ) AND MPL-2.0
  assert.deepEqual(byName.get('busybox'), ['GPL-2.0-only']); // L:GPL2
  assert.deepEqual(byName.get('libcrypto1.0'), ['OpenSSL']); // L:openssl
  assert.deepEqual(byName.get('zlib'), ['Zlib']);
  assert.deepEqual(byName.get('sqlite-libs'), ['Public-Domain']); // no SPDX id: as written
});

test("apk L: field (grype's Alpine image DB)", async () => {
  const dir = sharedPath('fixtures/os-grype/test/integration/testdata/image-alpine-match-coverage');
  const result = await analyzeFixture(apkInstalledAnalyzer, join(dir, 'lib/apk/db/installed'), 'lib/apk/db/installed');
  assert.deepEqual(licensesByName(result).get('libvncserver'), ['GPL-2.0-or-later']);
});

test("rpm LICENSE tag (grype's CentOS Berkeley DB)", async () => {
  const dir = sharedPath('fixtures/os-grype/test/integration/testdata/image-centos-match-coverage');
  const result = await analyzeFixture(rpmBdbAnalyzer, join(dir, 'var/lib/rpm/Packages'), 'var/lib/rpm/Packages');
  assert.deepEqual(licensesByName(result).get('dive'), ['MIT']);
});

test('rpm LICENSE tags written by rpmbuild, read from the sqlite rpmdb, as rpm itself prints them', async () => {
  const specs: Spec[] = [
    { name: 'perl-picket', version: '1.0', release: '1', license: '(GPL+ or Artistic) and BSD', files: [{ path: '/usr/share/perl-picket/a', content: 'a' }] },
    { name: 'libpicket', version: '2.0', release: '1', license: 'GPLv3+ and GPLv3+ with exceptions and GPLv2+ with exceptions and LGPLv2+ and BSD', files: [{ path: '/usr/share/libpicket/b', content: 'b' }] },
    { name: 'picket-asl', version: '3.0', release: '1', license: 'ASL 2.0', files: [{ path: '/usr/share/picket-asl/c', content: 'c' }] },
  ];
  const root = join(tempDir(), 'root');
  makeRpmRoot(root, tempDir(), specs);
  const db = 'var/lib/rpm/rpmdb.sqlite';
  const result = await rpmSqliteAnalyzer.analyze({ path: db, content: readFileSync(join(root, db)), readFile: async () => undefined });
  const byName = licensesByName(result);
  for (const line of rpmQueryAll(root, '%{NAME}\\t%{LICENSE}\\n')) {
    const [name, license] = line.split('\t');
    assert.deepEqual(byName.get(name), splitRpmLicense(license), name);
  }
  assert.deepEqual(byName.get('perl-picket'), ['GPL-1.0-or-later OR Artistic-2.0', 'BSD-3-Clause']);
  // libgcc's tag: an exception SPDX has no id for stays as written
  assert.deepEqual(byName.get('libpicket'), ['GPL-3.0-or-later', 'GPL-3.0-or-later WITH exceptions', 'GPL-2.0-or-later WITH exceptions', 'LGPL-2.0-or-later', 'BSD-3-Clause']);
  assert.deepEqual(byName.get('picket-asl'), ['Apache-2.0']);
});
