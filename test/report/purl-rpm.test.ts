import { test } from 'node:test';
import assert from 'node:assert/strict';
import { purlOf } from '../../src/report/purl.js';

test('rpm purls carry the epoch as a qualifier and version-release as the version (trivy centos-7 golden)', () => {
  assert.equal(
    purlOf('rpm', 'openssl-libs', '1:1.0.2k-16.el7', 'centos', { arch: 'x86_64', distro: 'centos-7.6.1810' }),
    'pkg:rpm/centos/openssl-libs@1.0.2k-16.el7?arch=x86_64&distro=centos-7.6.1810&epoch=1',
  );
  assert.equal(purlOf('rpm', 'bash', '4.2.46-31.el7', 'centos', { arch: 'x86_64' }), 'pkg:rpm/centos/bash@4.2.46-31.el7?arch=x86_64');
  assert.equal(purlOf('rpm', 'bash', '0:4.2.46-31.el7', 'centos'), 'pkg:rpm/centos/bash@4.2.46-31.el7');
});

test('names and versions packageurl-js refuses still get a purl (Go main module paths, Google toolchain versions)', () => {
  assert.equal(purlOf('golang', 'stdlib', 'v1.22-20231128-RC02'), 'pkg:golang/stdlib@v1.22-20231128-RC02');
  const odd = purlOf('golang', './private_repos/cnrm.googlesource.com/cnrm/', '');
  assert.match(odd, /^pkg:golang\//);
});
