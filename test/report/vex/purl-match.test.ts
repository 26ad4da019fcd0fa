import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePurl } from '../../../src/target/sbom/purl-to-package.js';
import { purlTextMatches } from '../../../src/report/vex/purl-match.js';

test('parsePurl: percent-decoding, namespaces, qualifiers, subpath; not a purl is undefined', () => {
  assert.deepEqual(parsePurl('pkg:npm/%40babel/core@7.0.0'), { type: 'npm', namespace: '@babel', name: 'core', version: '7.0.0', qualifiers: {} });
  assert.deepEqual(parsePurl('pkg:rpm/centos/openssl-libs@1.0.2k-16.el7?arch=x86_64&epoch=1&distro=centos-7.6.1810'), {
    type: 'rpm', namespace: 'centos', name: 'openssl-libs', version: '1.0.2k-16.el7', qualifiers: { arch: 'x86_64', epoch: '1', distro: 'centos-7.6.1810' },
  });
  assert.deepEqual(parsePurl('pkg:golang/github.com/open-policy-agent/opa@v0.35.0'), { type: 'golang', namespace: 'github.com/open-policy-agent', name: 'opa', version: 'v0.35.0', qualifiers: {} });
  assert.deepEqual(parsePurl('pkg:cocoapods/GoogleUtilities@7.5.2#NSData+zlib'), { type: 'cocoapods', name: 'GoogleUtilities', version: '7.5.2', qualifiers: {}, subpath: 'NSData+zlib' });
  // A Go main module without a version (picket writes such purls; packageurl-js refuses some).
  assert.deepEqual(parsePurl('pkg:golang/mine'), { type: 'golang', name: 'mine', qualifiers: {} });
  for (const bad of ['', 'CVE-2021-1234', 'pkg:', 'pkg:npm', 'https://example.org/x', 'product-ABC']) assert.equal(parsePurl(bad), undefined, bad);
});

test('purl patterns: a version-less pattern matches every version; qualifiers must all be on the package; epoch is part of the version', () => {
  const cases: [string, string, boolean][] = [
    ['pkg:deb/debian/openssl', 'pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12.4', true],
    ['pkg:deb/debian/openssl@3.0.11-1~deb12u2', 'pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12.4', true],
    ['pkg:deb/debian/openssl@3.0.11-1~deb12u1', 'pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64', false],
    ['pkg:deb/debian/openssl?arch=arm64', 'pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64', false],
    ['pkg:deb/debian/openssl?arch=amd64', 'pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12.4', true],
    ['pkg:deb/ubuntu/openssl', 'pkg:deb/debian/openssl@3.0.11-1~deb12u2', false],
    ['pkg:apk/alpine/openssl', 'pkg:deb/debian/openssl@3.0.11', false],
    // rpm: `1:1.0.2k-16.el7` and `1.0.2k-16.el7?epoch=1` are the same version.
    ['pkg:rpm/centos/openssl-libs@1:1.0.2k-16.el7', 'pkg:rpm/centos/openssl-libs@1.0.2k-16.el7?arch=x86_64&epoch=1', true],
    ['pkg:rpm/centos/openssl-libs@1.0.2k-16.el7?epoch=1', 'pkg:rpm/centos/openssl-libs@1.0.2k-16.el7?arch=x86_64&epoch=1', true],
    ['pkg:rpm/centos/openssl-libs@1.0.2k-16.el7', 'pkg:rpm/centos/openssl-libs@1.0.2k-16.el7?arch=x86_64&epoch=1', false],
    // PyPI names as PEP 503 normalises them; names are compared case-insensitively.
    ['pkg:pypi/Django_Rest.Framework@3.14.0', 'pkg:pypi/django-rest-framework@3.14.0', true],
    ['pkg:npm/%40Babel/Core', 'pkg:npm/%40babel/core@7.0.0', true],
    // Maven's default type=jar.
    ['pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar', 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0', true],
    ['pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=pom', 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0', false],
    ['pkg:cocoapods/GoogleUtilities#NSData+zlib', 'pkg:cocoapods/GoogleUtilities@7.5.2#NSData+zlib', true],
    ['pkg:cocoapods/GoogleUtilities#Environment', 'pkg:cocoapods/GoogleUtilities@7.5.2#NSData+zlib', false],
    ['not a purl', 'pkg:npm/x@1', false],
  ];
  for (const [pattern, purl, expected] of cases) assert.equal(purlTextMatches(pattern, purl), expected, `${pattern} vs ${purl}`);
});
