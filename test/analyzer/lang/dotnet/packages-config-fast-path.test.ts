/**
 * packages.config's fast path against the XML parser (xml-elements.ts): whenever the fast path
 * answers, the file is well-formed and the element tree is the parser's. Checked on every
 * packages.config fixture, on generated files in NuGet's layout and variations of it, and on
 * thousands of mutations (where the fast path must either agree or step aside).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { readPackagesConfigFast } from '../../../../src/analyzer/lang/dotnet/packages-config-fast-path.js';
import { parseXmlRoot, type XmlElement } from '../../../../src/analyzer/lang/dotnet/xml-elements.js';
import { sharedPath } from '../../../support/paths.js';
import { random } from '../../../support/random.js';

function general(text: string): XmlElement | Error {
  try {
    return parseXmlRoot('packages.config', text);
  } catch (error) {
    return error as Error;
  }
}

/** Asserts agreement when the fast path answers; returns whether it did. */
function agrees(text: string, label: string): boolean {
  const fast = readPackagesConfigFast(text);
  if (!fast) return false;
  const expected = general(text);
  assert.ok(!(expected instanceof Error), `${label}: the fast path read a text the XML parser rejects (${String(expected)}):\n${text}`);
  assert.deepEqual(fast, expected, `${label}:\n${text}`);
  return true;
}

const FIXTURES = [
  'fixtures/trivy-unit/dependency/parser/nuget/config/testdata/packages.config',
  'fixtures/trivy-unit/dependency/parser/nuget/config/testdata/dev_dependency.config',
  'fixtures/trivy-unit/dependency/parser/nuget/config/testdata/malformed_xml.config',
  'fixtures/trivy-unit/fanal/analyzer/language/dotnet/nuget/testdata/config/packages.config',
  'fixtures/lockfiles/osv-scanner-head/cmd/osv-scanner/scan/source/testdata/locks-scalibr/packages.config',
  ...readdirSync(sharedPath('fixtures/lockfiles/osv-scalibr-extractor/filesystem/language/dotnet/packagesconfig/testdata')).map(
    (name) => `fixtures/lockfiles/osv-scalibr-extractor/filesystem/language/dotnet/packagesconfig/testdata/${name}`,
  ),
].map(sharedPath);

test('every packages.config fixture: the well-formed ones in NuGet layout take the fast path and agree', () => {
  const answered = FIXTURES.filter((file) => agrees(readFileSync(file, 'utf8'), file)).map((file) => file.split('/fixtures/')[1]);
  assert.deepEqual(answered.sort(), [
    'lockfiles/osv-scalibr-extractor/filesystem/language/dotnet/packagesconfig/testdata/nopackage',
    'lockfiles/osv-scalibr-extractor/filesystem/language/dotnet/packagesconfig/testdata/noversion',
    'lockfiles/osv-scalibr-extractor/filesystem/language/dotnet/packagesconfig/testdata/valid',
    'lockfiles/osv-scanner-head/cmd/osv-scanner/scan/source/testdata/locks-scalibr/packages.config',
    'trivy-unit/dependency/parser/nuget/config/testdata/dev_dependency.config',
    'trivy-unit/dependency/parser/nuget/config/testdata/packages.config',
    'trivy-unit/fanal/analyzer/language/dotnet/nuget/testdata/config/packages.config',
  ]);
});

test('variations of the layout: comments, CRLF, single quotes, attributes over several lines, empty root', () => {
  const variants: Array<[string, boolean]> = [
    ['<?xml version="1.0" encoding="utf-8"?>\r\n<packages>\r\n  <package id="A" version="1.0.0" targetFramework="net48" />\r\n</packages>\r\n', true],
    ['\uFEFF<?xml version="1.0"?>\n<!-- generated -->\n<packages>\n  <!-- a, b -->\n  <package id=\'A\' version=\'1.0\'/>\n</packages>\n<!-- end -->\n', true],
    ['<packages>\n  <package\n    id="A"\n    version="2.0" />\n  <package id="B" version="1" developmentDependency="true" allowedVersions="[1,2)" />\n</packages>', true],
    ['<packages xmlns="urn:x">\n</packages>\n', true],
    ['<packages/>\n', false],
    ['<packages>\n  <package id="A" version="1.0"></package>\n</packages>\n', false],
    ['<packages>\n  <package id="A&amp;B" version="1.0" />\n</packages>\n', false],
    ['<packages>\n  <package id=" A " version="1.0" />\n</packages>\n', false],
    ['<packages>\n  <package id="A" id="B" version="1.0" />\n</packages>\n', false],
    ['<packages>\n  <package id="A" version="1.0" />\n  text\n</packages>\n', false],
    ['<packages>\n  <package id="A" version="1.0" />\n</packages>\n<packages>\n</packages>\n', false],
    ['<configuration>\n</configuration>\n', false],
    ['<packages>\n  <package id="A" version="1.0" />\n', false],
    ['<packages>\n  <!-- a -- b -->\n</packages>\n', false],
    ['  <?xml version="1.0"?>\n<packages>\n</packages>\n', false],
  ];
  for (const [text, fast] of variants) {
    assert.equal(agrees(text, 'variant'), fast, text);
  }
});


function generated(rnd: () => number): string {
  const lines = [rnd() < 0.7 ? '<?xml version="1.0" encoding="utf-8"?>' : '', '<packages>'];
  const n = Math.floor(rnd() * 6);
  for (let i = 0; i < n; i++) {
    const quote = rnd() < 0.8 ? '"' : "'";
    const attrs = [`id=${quote}Pkg.${i}${quote}`, `version=${quote}${i}.0.${Math.floor(rnd() * 10)}${quote}`];
    if (rnd() < 0.5) attrs.push(`targetFramework=${quote}net4${i}${quote}`);
    if (rnd() < 0.3) attrs.push(`developmentDependency=${quote}${rnd() < 0.5 ? 'true' : 'false'}${quote}`);
    const sep = rnd() < 0.8 ? ' ' : '\n    ';
    lines.push(`  <package ${attrs.join(sep)}${rnd() < 0.5 ? ' ' : ''}/>`);
    if (rnd() < 0.1) lines.push('  <!-- note -->');
  }
  lines.push('</packages>', '');
  return lines.join(rnd() < 0.3 ? '\r\n' : '\n');
}

const MUTATIONS = ['<', '>', '/', '"', "'", '=', ' ', '\n', '&', '&amp;', '<!--', '-->', 'x', '<package id="Z" version="9" />', '</packages>', '<?xml version="1.0"?>', '\u00e9'];

test('generated files and their mutations: the fast path agrees with the XML parser or steps aside', () => {
  const rnd = random(11);
  let answered = 0;
  let declined = 0;
  for (let i = 0; i < 3000; i++) {
    let text = generated(rnd);
    if (i % 3 !== 0) {
      for (let m = 1 + Math.floor(rnd() * 2); m > 0; m--) {
        const at = Math.floor(rnd() * text.length);
        text = rnd() < 0.4 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + MUTATIONS[Math.floor(rnd() * MUTATIONS.length)] + text.slice(at);
      }
    }
    if (agrees(text, `case ${i}`)) answered++;
    else declined++;
  }
  assert.ok(answered > 1000 && declined > 1000, `answered ${answered}, declined ${declined}`);
});
