import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyLicense } from '../../../src/detector/license/classify.js';
import { DEFAULT_LICENSE_CATEGORIES, severityOfCategory } from '../../../src/detector/license/categories.js';
import { compilePolicy, licensePolicy, licensePolicyFromOptions } from '../../../src/detector/license/policy.js';
import { spdxLicenseId } from '../../../src/detector/license/spdx.js';
import { licenseOptionSpecs } from '../../../src/config/license-options.js';
import { readConfigFile } from '../../../src/config/config-file.js';
import { resolveOptions } from '../../../src/config/resolve.js';
import { tempDir } from '../../support/temp.js';

const defaults = compilePolicy(licensePolicy());
const classify = (name: string) => {
  const { category, severity } = classifyLicense(name, defaults);
  return `${category} ${severity}`;
};

test("severity per category, as trivy's", () => {
  assert.deepEqual(
    (['forbidden', 'restricted', 'reciprocal', 'notice', 'permissive', 'unencumbered', 'unknown'] as const).map(severityOfCategory),
    ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'LOW', 'LOW', 'UNKNOWN'],
  );
});

/** google/licenseclassifier names in trivy's lists that SPDX does not have. */
const NOT_SPDX = ['Commons-Clause', 'Facebook-2-Clause', 'Facebook-3-Clause', 'Facebook-Examples', 'BCL', 'Lil-1.0', 'PIL', 'Python-2.0-complete'];

test("trivy's default lists: every entry (SPDX ids but for licenseclassifier's own names) classifies into its own category", () => {
  for (const [category, names] of Object.entries(DEFAULT_LICENSE_CATEGORIES)) {
    for (const name of names) {
      assert.equal(spdxLicenseId(name) === undefined, NOT_SPDX.includes(name), name);
      assert.equal(classifyLicense(name, defaults).category, category, name);
    }
  }
});

test('default classification of licences as packages write them', () => {
  const cases: [string, string][] = [
    ['AGPL-3.0-or-later', 'forbidden CRITICAL'], ['WTFPL', 'forbidden CRITICAL'], ['CC BY-NC-SA 4.0', 'forbidden CRITICAL'],
    ['GPLv2+', 'restricted HIGH'], ['GPL-3.0-only', 'restricted HIGH'], ['LGPL-2.1-or-later', 'restricted HIGH'],
    // an exception does not change the category of its licence; trivy's old `-with-…-exception` ids still match
    ['GPL-3+ with Bison exception', 'restricted HIGH'], ['GPL-2.0-only WITH Classpath-exception-2.0', 'restricted HIGH'],
    ['MPL-2.0', 'reciprocal MEDIUM'], ['EPL-1.0', 'reciprocal MEDIUM'], ['Ruby', 'reciprocal MEDIUM'],
    ['MIT License', 'notice LOW'], ['Apache License, Version 2.0', 'notice LOW'], ['Apache-2.0+', 'notice LOW'], ['BSD', 'notice LOW'], ['Expat', 'notice LOW'],
    ['CC0-1.0', 'unencumbered LOW'], ['The Unlicense', 'unencumbered LOW'], ['0BSD', 'unencumbered LOW'],
    ['public-domain', 'unknown UNKNOWN'], ['UNLICENSED', 'unknown UNKNOWN'], ['PSF-2.0', 'unknown UNKNOWN'], ['', 'unknown UNKNOWN'],
    // AND: the more severe; OR: the milder; unknown on either side: unknown
    ['MIT AND GPL-2.0-only', 'restricted HIGH'], ['MIT OR GPL-2.0-only', 'notice LOW'], ['(MIT OR AGPL-3.0) AND MPL-2.0', 'reciprocal MEDIUM'],
    ['MIT OR LicenseRef-Proprietary', 'unknown UNKNOWN'],
  ];
  assert.deepEqual(cases.map(([name]) => [name, classify(name)]), cases);
});

test('a policy list replaces the default list; entries match as written or normalised; the more severe category wins', () => {
  const policy = compilePolicy(licensePolicy({ forbidden: ['GPL-2.0-or-later', 'public-domain'], restricted: ['MIT License'], notice: ['GPL-2.0'] }));
  const category = (name: string) => classifyLicense(name, policy).category;
  assert.equal(category('GPLv2+'), 'forbidden');
  // `GPL-2.0` in notice matches GPL-2.0-only (and only it: -or-later is forbidden, listed more severely).
  assert.equal(category('GPL-2'), 'notice');
  assert.equal(category('public-domain'), 'forbidden');
  assert.equal(category('Expat'), 'restricted');
  // the forbidden list was replaced: AGPL is no longer in it, nor in any other list.
  assert.equal(category('AGPL-3.0'), 'unknown');
  // untouched lists keep their defaults
  assert.equal(category('MPL-2.0'), 'reciprocal');
});

test('ignored licences match as written or as SPDX', () => {
  const policy = compilePolicy(licensePolicy({ ignored: ['MIT', 'GPL-2.0-or-later', 'Some Custom'] }));
  assert.deepEqual(['MIT License', 'Expat', 'GPLv2+', 'GPLv2', 'some custom', 'ISC'].map((n) => policy.isIgnored(n)), [true, true, true, false, true, false]);
});

test("picket.yaml's license: section and --ignored-licenses go through the option table to the policy", async () => {
  const dir = tempDir();
  const file = join(dir, 'picket.yaml');
  writeFileSync(file, 'license:\n  forbidden: [MIT, GPL-3.0]\n  unencumbered:\n    - public-domain\n  ignored: [ISC]\n');
  const config = await readConfigFile(file, true);
  const { values, unknownConfigKeys } = resolveOptions(licenseOptionSpecs, { ignoredLicenses: 'Zlib,0BSD' }, {}, config, file);
  assert.deepEqual(unknownConfigKeys, []);
  const policy = licensePolicyFromOptions(values);
  assert.deepEqual(policy.categories.forbidden, ['MIT', 'GPL-3.0']);
  assert.deepEqual(policy.categories.unencumbered, ['public-domain']);
  assert.deepEqual(policy.categories.restricted, DEFAULT_LICENSE_CATEGORIES.restricted);
  // the flag wins over the file
  assert.deepEqual(policy.ignored, ['Zlib', '0BSD']);
  const compiled = compilePolicy(policy);
  assert.equal(classifyLicense('MIT License', compiled).severity, 'CRITICAL');
  assert.equal(classifyLicense('public-domain', compiled).category, 'unencumbered');
  assert.equal(compiled.isIgnored('zlib'), true);
});
