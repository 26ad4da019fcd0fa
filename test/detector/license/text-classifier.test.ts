/**
 * Licence texts: Debian's library of licence texts (/usr/share/common-licenses, from base-files)
 * and the LICENSE files of the npm packages this project installs, checked against what their
 * package.json declares.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyLicenseText } from '../../../src/detector/license/text-classifier.js';
import { normalizeLicenseText } from '../../../src/detector/license/normalize.js';
import { createLicenseFileAnalyzer } from '../../../src/detector/license/license-file-analyzer.js';
import { repoRoot } from '../../support/paths.js';

const COMMON = '/usr/share/common-licenses';
const names = (text: string) => classifyLicenseText(text).map((f) => f.name);

test("Debian's licence texts are recognised, each as itself only", { skip: !existsSync(COMMON) && 'no /usr/share/common-licenses' }, () => {
  const expected: Record<string, string> = {
    'Apache-2.0': 'Apache-2.0', Artistic: 'Artistic-1.0-Perl', BSD: 'BSD-3-Clause', 'CC0-1.0': 'CC0-1.0', 'GFDL-1.2': 'GFDL-1.2-only', 'GFDL-1.3': 'GFDL-1.3-only',
    'GPL-1': 'GPL-1.0-only', 'GPL-2': 'GPL-2.0-only', 'GPL-3': 'GPL-3.0-only', 'LGPL-2': 'LGPL-2.0-only', 'LGPL-2.1': 'LGPL-2.1-only', 'LGPL-3': 'LGPL-3.0-only',
    'MPL-1.1': 'MPL-1.1', 'MPL-2.0': 'MPL-2.0',
  };
  const got = Object.fromEntries(Object.keys(expected).filter((f) => existsSync(join(COMMON, f))).map((f) => [f, names(readFileSync(join(COMMON, f), 'utf8')).join(',')]));
  assert.ok(Object.keys(got).length >= 10);
  assert.deepEqual(got, Object.fromEntries(Object.keys(got).map((f) => [f, expected[f]])));
  const [gpl2] = classifyLicenseText(readFileSync(join(COMMON, 'GPL-2'), 'utf8'));
  assert.deepEqual(gpl2, { name: 'GPL-2.0-only', confidence: 1, link: 'https://spdx.org/licenses/GPL-2.0-only.html' });
});

test('GNU notices give the version and -or-later; SPDX tags are taken as written; unrelated text matches nothing', () => {
  const notice = `This program is free software; you can redistribute it and/or modify
 * it under the terms of the GNU Lesser General Public License as published by
 * the Free Software Foundation; either version 2.1 of the License, or
 * (at your option) any later version.`;
  assert.deepEqual(classifyLicenseText(notice), [{ name: 'LGPL-2.1-or-later', confidence: 0.9, link: 'https://spdx.org/licenses/LGPL-2.1-or-later.html' }]);
  assert.deepEqual(names('under the terms of the GNU General Public License as published by the Free Software Foundation, version 3.'), ['GPL-3.0-only']);
  assert.deepEqual(names('/* SPDX-License-Identifier: (MIT OR Apache-2.0) */\n'), ['(MIT OR Apache-2.0)']);
  assert.deepEqual(names('Just a README with no licence in it.'), []);
});

test("the LICENSE files of installed npm packages match what their package.json declares", () => {
  const modules = join(repoRoot, 'node_modules');
  const analyzer = createLicenseFileAnalyzer();
  let compared = 0;
  const mismatches: string[] = [];
  for (const dir of readdirSync(modules)) {
    const file = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license'].map((n) => join(modules, dir, n)).find((f) => existsSync(f));
    const manifest = join(modules, dir, 'package.json');
    if (!file || !existsSync(manifest)) continue;
    const declared = (JSON.parse(readFileSync(manifest, 'utf8')) as { license?: unknown }).license;
    if (typeof declared !== 'string') continue;
    assert.ok(analyzer.wants({ path: `node_modules/${dir}/${file.slice(file.lastIndexOf('/') + 1)}`, size: 100 }));
    compared++;
    const found = names(readFileSync(file, 'utf8'));
    if (found.join(' AND ') !== normalizeLicenseText(declared)) mismatches.push(`${dir}: declared ${declared}, text ${found.join(',') || 'none'}`);
  }
  assert.ok(compared >= 100, `only ${compared} packages compared`);
  // Not every package's LICENSE file is the licence its package.json names; few enough to list.
  assert.ok(mismatches.length <= compared / 20, mismatches.join('\n'));
});

test('the licence-file analyzer: which files it wants, and its facts', async () => {
  const analyzer = createLicenseFileAnalyzer();
  const wants = (path: string, size = 1000) => analyzer.wants({ path, size });
  assert.deepEqual(
    ['LICENSE', 'src/COPYING', 'LICENSE.md', 'LICENCE.txt', 'COPYING.LESSER', 'MIT-LICENSE', 'UNLICENSE', 'usr/share/doc/x/copyright', 'usr/share/common-licenses/GPL-2', 'license.js', 'README.md'].map((p) => wants(p)),
    [true, true, true, true, true, true, true, false, false, false, false],
  );
  assert.equal(wants('LICENSE', 10_000_000), false);
  const file = join(repoRoot, 'node_modules/commander/LICENSE');
  const result = await analyzer.analyze({ path: 'node_modules/commander/LICENSE', content: readFileSync(file), readFile: async () => undefined });
  assert.deepEqual(result.licenseFiles, [{ filePath: 'node_modules/commander/LICENSE', findings: [{ name: 'MIT', confidence: 1, link: 'https://spdx.org/licenses/MIT.html' }] }]);
});
