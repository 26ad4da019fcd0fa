import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeLicense, normalizeLicenseText } from '../../../src/detector/license/normalize.js';
import { parseExpression } from '../../../src/detector/license/expression.js';
import { splitApkLicense, splitDebianLicense, splitRpmLicense } from '../../../src/detector/license/split.js';

/** Names as npm, PyPI (classifiers and License fields), RubyGems, Maven POMs, Debian, Alpine and Fedora write them. */
const CASES: [string, string][] = [
  // SPDX ids in any case; GNU ids with -only / -or-later
  ['MIT', 'MIT'], ['mit', 'MIT'], ['apache-2.0', 'Apache-2.0'], ['BSD-2-clause', 'BSD-2-Clause'], ['bzip2-1.0.6', 'bzip2-1.0.6'],
  ['GPL-2.0', 'GPL-2.0-only'], ['GPL-2.0+', 'GPL-2.0-or-later'], ['GPL-2.0-or-later', 'GPL-2.0-or-later'], ['LGPL-2.1-only', 'LGPL-2.1-only'],
  ['AGPL-3.0', 'AGPL-3.0-only'], ['Apache-2.0+', 'Apache-2.0+'], ['LicenseRef-Proprietary', 'LicenseRef-Proprietary'],
  // free-text names
  ['MIT License', 'MIT'], ['The MIT License', 'MIT'], ['The MIT License (MIT)', 'MIT'], ['MIT License (http://opensource.org/licenses/MIT)', 'MIT'],
  ['Apache 2.0', 'Apache-2.0'], ['Apache License 2.0', 'Apache-2.0'], ['Apache License, Version 2.0', 'Apache-2.0'], ['Apache2', 'Apache-2.0'],
  ['ASL 2.0', 'Apache-2.0'], ['Apache Software License', 'Apache-2.0'], ['Apache License (2.0)', 'Apache-2.0'], ['ASL, version 2', 'Apache-2.0'],
  ['GPLv2+', 'GPL-2.0-or-later'], ['GPLv2', 'GPL-2.0-only'], ['GPL-2', 'GPL-2.0-only'], ['GPL-2+', 'GPL-2.0-or-later'], ['GPL', 'GPL-2.0-or-later'],
  ['GPLv3 or later', 'GPL-3.0-or-later'], ['GNU GPL v3', 'GPL-3.0-only'], ['GPL (>= 2)', 'GPL-2.0-or-later'], ['LGPLv3+', 'LGPL-3.0-or-later'],
  ['GNU General Public License v2 or later (GPLv2+)', 'GPL-2.0-or-later'], ['GNU General Public License v3 (GPLv3)', 'GPL-3.0-only'],
  ['GNU Library or Lesser General Public License (LGPL)', 'LGPL-2.0-or-later'], ['GNU Lesser General Public License v2 or later (LGPLv2+)', 'LGPL-2.0-or-later'],
  ['BSD', 'BSD-3-Clause'], ['BSD License', 'BSD-3-Clause'], ['New BSD License', 'BSD-3-Clause'], ['BSD 3-Clause', 'BSD-3-Clause'],
  ['Simplified BSD', 'BSD-2-Clause'], ['BSDL', 'BSD-2-Clause'], ['BSD 3-Clause "New" or "Revised" License (BSD-3-Clause)', 'BSD-3-Clause'],
  ['Expat', 'MIT'], ['MIT/X11', 'MIT'], ['ISC License (ISCL)', 'ISC'], ['zlib', 'Zlib'], ['The Unlicense', 'Unlicense'], ['CC0', 'CC0-1.0'],
  ['Common Development and Distribution License 1.1', 'CDDL-1.1'], ['Python Software Foundation License', 'PSF-2.0'],
  ['Mozilla Public License 2.0 (MPL 2.0)', 'MPL-2.0'], ['MPL 2.0', 'MPL-2.0'], ['Eclipse Public License - v 2.0', 'EPL-2.0'], ['Eclipse Public License 1.0', 'EPL-1.0'],
  ['Eclipse Distribution License v. 1.0', 'BSD-3-Clause'], ['Universal Permissive License v1.0', 'UPL-1.0'], ['Artistic', 'Artistic-2.0'],
  ['CC BY-SA 4.0', 'CC-BY-SA-4.0'], ['Creative Commons Attribution-NonCommercial 4.0 International', 'CC-BY-NC-4.0'],
  // URLs instead of names (Maven)
  ['http://www.apache.org/licenses/LICENSE-2.0.txt', 'Apache-2.0'], ['https://opensource.org/licenses/MIT', 'MIT'],
  ['https://www.gnu.org/licenses/old-licenses/gpl-2.0.html', 'GPL-2.0-only'], ['https://www.eclipse.org/legal/epl-v20.html', 'EPL-2.0'],
  // Debian short names
  ['GFDL-NIV-1.3', 'GFDL-1.3-no-invariants-only'], ['BSL-1', 'BSL-1.0'], ['BSD-4-clause-UC', 'BSD-4-Clause-UC'],
  // expressions
  ['(MIT OR Apache-2.0)', 'MIT OR Apache-2.0'], ['MIT or Apache-2.0', 'MIT OR Apache-2.0'],
  ['(MIT OR Apache-2.0) AND BSD-3-Clause', '(MIT OR Apache-2.0) AND BSD-3-Clause'], ['MIT AND (LGPL-2.1+ OR BSD-3-Clause)', 'MIT AND (LGPL-2.1-or-later OR BSD-3-Clause)'],
  ['MIT License AND Apache License 2.0', 'MIT AND Apache-2.0'], ['GPL-1+ or Artistic', 'GPL-1.0-or-later OR Artistic-2.0'],
  ['GPL-2.0 WITH Classpath-exception-2.0', 'GPL-2.0-only WITH Classpath-exception-2.0'], ['GPL-3+ with Bison exception', 'GPL-3.0-or-later WITH Bison-exception-2.2'],
  ['GPL-2.0-with-classpath-exception', 'GPL-2.0-only WITH Classpath-exception-2.0'], ['GPL-2+ with OpenSSL exception', 'GPL-2.0-or-later WITH OpenSSL-exception'],
  // not licences picket can place: kept as written
  ['public-domain', 'public-domain'], ['Public Domain', 'Public Domain'], ['UNLICENSED', 'UNLICENSED'], ['SEE LICENSE IN LICENSE.md', 'SEE LICENSE IN LICENSE.md'],
  ['file://LICENSE', 'file://LICENSE'], ['BSD-4-clause-POWERDOG', 'BSD-4-clause-POWERDOG'], ['Dual License', 'Dual License'],
];

test('licence names as packages write them become SPDX ids and expressions', () => {
  const wrong = CASES.map(([input, want]) => [input, normalizeLicenseText(input), want]).filter(([, got, want]) => got !== want);
  assert.deepEqual(wrong, []);
});

test('known and unknown licences are told apart; `+` and exceptions are kept on the term', () => {
  assert.deepEqual(normalizeLicense('GPLv2+'), { kind: 'license', id: 'GPL-2.0', plus: true, known: true });
  assert.deepEqual(normalizeLicense('Some Custom License'), { kind: 'license', id: 'Some Custom License', plus: false, known: false });
  const withException = normalizeLicense('LGPL-2.1+ with OCaml exception');
  assert.deepEqual(withException, { kind: 'license', id: 'LGPL-2.1', plus: true, known: true, exception: 'OCaml-LGPL-linking-exception' });
});

test('the expression parser: precedence, parentheses, multi-word licences, malformed input', () => {
  assert.deepEqual(parseExpression('A OR B AND C'), {
    kind: 'or', left: { kind: 'license', raw: { text: 'A' } }, right: { kind: 'and', left: { kind: 'license', raw: { text: 'B' } }, right: { kind: 'license', raw: { text: 'C' } } },
  });
  assert.deepEqual(parseExpression('MIT License with foo exception'), { kind: 'license', raw: { text: 'MIT License', exception: 'foo exception' } });
  for (const bad of ['(MIT', 'MIT)', 'MIT OR', 'AND MIT', 'MIT (X)', '', 'MIT WITH']) assert.equal(parseExpression(bad), undefined, bad);
});

test('Debian License: synopses (copyright-format 1.0): a comma before and/or binds loosest; OR stays together', () => {
  assert.deepEqual(splitDebianLicense('GPL-1+ or Artistic, and BSD-4-clause-POWERDOG'), ['GPL-1.0-or-later OR Artistic-2.0', 'BSD-4-clause-POWERDOG']);
  assert.deepEqual(splitDebianLicense('GPL-3+ and ISC'), ['GPL-3.0-or-later', 'ISC']);
  assert.deepEqual(splitDebianLicense('Zlib,'), ['Zlib']);
  assert.deepEqual(splitDebianLicense('GPL-1+,GPL-2'), ['GPL-1.0-or-later', 'GPL-2.0-only']);
  assert.deepEqual(splitDebianLicense('LGPL-3+ or GPL-2+'), ['LGPL-3.0-or-later OR GPL-2.0-or-later']);
  assert.deepEqual(splitDebianLicense('LGPLv3+_or_GPLv2+'), ['LGPL-3.0-or-later OR GPL-2.0-or-later']);
  assert.deepEqual(splitDebianLicense(''), []);
});

test('apk L: fields: SPDX expressions split at AND, else space-separated names with loose versions joined (as trivy)', () => {
  assert.deepEqual(splitApkLicense('( Apache-2.0 OR MIT ) AND MPL-2.0'), ['Apache-2.0 OR MIT', 'MPL-2.0']);
  assert.deepEqual(splitApkLicense('MIT BSD GPL2+'), ['MIT', 'BSD-3-Clause', 'GPL-2.0-or-later']);
  assert.deepEqual(splitApkLicense('MPL 2.0 GPL2+'), ['MPL-2.0', 'GPL-2.0-or-later']);
  assert.deepEqual(splitApkLicense('GPL-2.0-or-later AND LGPL-2.1-or-later'), ['GPL-2.0-or-later', 'LGPL-2.1-or-later']);
  assert.deepEqual(splitApkLicense('openssl'), ['OpenSSL']);
});

test("rpm LICENSE tags: Fedora's names (GPL+ is GPL-1.0-or-later), split at AND", () => {
  assert.deepEqual(splitRpmLicense('(GPL+ or Artistic) and BSD'), ['GPL-1.0-or-later OR Artistic-2.0', 'BSD-3-Clause']);
  assert.deepEqual(splitRpmLicense('GPLv2+ and LGPLv2+'), ['GPL-2.0-or-later', 'LGPL-2.0-or-later']);
  assert.deepEqual(splitRpmLicense('LGPL+'), ['LGPL-2.0-or-later']);
  assert.deepEqual(splitRpmLicense('GPLv2 with exceptions'), ['GPL-2.0-only WITH Classpath-exception-2.0']);
});
