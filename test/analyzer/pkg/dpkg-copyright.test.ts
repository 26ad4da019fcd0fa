/**
 * Debian copyright files: trivy's test data, and the real ones of this Debian machine
 * (`/usr/share/doc/<package>/copyright`, machine-readable and free-form).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dpkgCopyrightAnalyzer } from '../../../src/analyzer/pkg/dpkg-copyright.js';
import { analyzeFixture } from '../../support/analyze-file.js';
import { sharedPath } from '../../support/paths.js';

const TRIVY = sharedPath('fixtures/trivy-unit/fanal/analyzer/pkg/dpkg/testdata');

async function licensesOf(file: string, pkg: string): Promise<string[] | undefined> {
  const result = await analyzeFixture(dpkgCopyrightAnalyzer, file, `usr/share/doc/${pkg}/copyright`);
  if (!result.packageLicenses) return undefined;
  const [facts] = result.packageLicenses;
  assert.deepEqual([facts.manager, facts.packageName, facts.filePath], ['dpkg', pkg, `usr/share/doc/${pkg}/copyright`]);
  return facts.licenses;
}

test('wants usr/share/doc/<package>/copyright only', () => {
  const wants = (path: string) => dpkgCopyrightAnalyzer.wants({ path, size: 100 });
  assert.deepEqual(
    ['usr/share/doc/eject/copyright', 'usr/share/doc/eject/copyright/file', 'usr/share/doc/eject/sub/copyright', 'usr/share/doc/copyright', 'opt/usr/share/doc/x/copyright'].map(wants),
    [true, false, false, false, false],
  );
  assert.equal(dpkgCopyrightAnalyzer.scope, 'installed');
});

test("trivy's copyright test data: License: fields (OR kept together), common-licenses references, nothing found", async () => {
  // `License: GPL-1+ or Artistic, and BSD-4-clause-POWERDOG` and `License: Zlib` (4 times, once with a trailing comma)
  assert.deepEqual(await licensesOf(`${TRIVY}/license-pattern-and-classifier-copyright`, 'zlib1g'), ['GPL-1.0-or-later OR Artistic-2.0', 'BSD-4-clause-POWERDOG', 'Zlib']);
  // free-form: `... can be found in /usr/share/common-licenses/GPL-2'.`
  assert.deepEqual(await licensesOf(`${TRIVY}/common-license-copyright`, 'adduser'), ['GPL-2.0-only']);
  // `License: GPLv2+` and a reference to common-licenses/GPL-2: the machine-readable field is what counts
  assert.deepEqual(await licensesOf(`${TRIVY}/all-patterns-copyright`, 'apt'), ['GPL-2.0-or-later']);
  assert.equal(await licensesOf(`${TRIVY}/no-license-copyright`, 'tzdata'), undefined);
});

const onThisMachine = (pkg: string) => `/usr/share/doc/${pkg}/copyright`;
const debianPackages = ['zlib1g', 'adduser', 'apt', 'tar', 'libc6', 'tzdata'];

test("this machine's Debian copyright files (copyright-format 1.0 and free-form)", { skip: !debianPackages.every((p) => existsSync(onThisMachine(p))) && 'not a Debian system' }, async () => {
  assert.deepEqual(await licensesOf(onThisMachine('zlib1g'), 'zlib1g'), ['Zlib']);
  assert.deepEqual(await licensesOf(onThisMachine('adduser'), 'adduser'), ['GPL-2.0-or-later']);
  // GPL-2, GPL-2+, BSD-3-clause, Expat
  assert.deepEqual((await licensesOf(onThisMachine('apt'), 'apt'))!.sort(), ['BSD-3-Clause', 'GPL-2.0-only', 'GPL-2.0-or-later', 'MIT']);
  // `License: GPL-3+ with Bison exception`
  assert.ok((await licensesOf(onThisMachine('tar'), 'tar'))!.includes('GPL-3.0-or-later WITH Bison-exception-2.2'));
  // free-form, with references to /usr/share/common-licenses/LGPL-2.1 and GPL-2
  assert.deepEqual(await licensesOf(onThisMachine('libc6'), 'libc6'), ['LGPL-2.1-only', 'GPL-2.0-only']);
  // `License: public-domain`: kept as written (no SPDX id)
  assert.deepEqual(await licensesOf(onThisMachine('tzdata'), 'tzdata'), ['public-domain']);
});
