import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatReference, isLoopbackHost, parseReference, registryBaseUrl, type ImageReference } from '../../src/oci/reference.js';

const digest = `sha256:${'ab'.repeat(32)}`;

const valid: [string, ImageReference][] = [
  ['alpine', { registry: 'docker.io', repository: 'library/alpine', tag: 'latest' }],
  ['alpine:3.20', { registry: 'docker.io', repository: 'library/alpine', tag: '3.20' }],
  ['aquasec/trivy-db:2', { registry: 'docker.io', repository: 'aquasec/trivy-db', tag: '2' }],
  ['docker.io/alpine', { registry: 'docker.io', repository: 'library/alpine', tag: 'latest' }],
  ['index.docker.io/library/node:20', { registry: 'docker.io', repository: 'library/node', tag: '20' }],
  ['registry-1.docker.io/library/node', { registry: 'docker.io', repository: 'library/node', tag: 'latest' }],
  ['registry.example.org/repo/name:tag', { registry: 'registry.example.org', repository: 'repo/name', tag: 'tag' }],
  ['registry.example.org/single', { registry: 'registry.example.org', repository: 'single', tag: 'latest' }],
  ['localhost/app', { registry: 'localhost', repository: 'app', tag: 'latest' }],
  ['localhost:5000/a/b/c:v1.2_x-y', { registry: 'localhost:5000', repository: 'a/b/c', tag: 'v1.2_x-y' }],
  ['127.0.0.1:5000/picket/db:1', { registry: '127.0.0.1:5000', repository: 'picket/db', tag: '1' }],
  ['[::1]:5000/app', { registry: '[::1]:5000', repository: 'app', tag: 'latest' }],
  [`ghcr.io/o/r@${digest}`, { registry: 'ghcr.io', repository: 'o/r', digest }],
  [`ghcr.io/o/r:1@${digest}`, { registry: 'ghcr.io', repository: 'o/r', tag: '1', digest }],
  [`busybox@${digest}`, { registry: 'docker.io', repository: 'library/busybox', digest }],
  ['Host.Example.org/x', { registry: 'Host.Example.org', repository: 'x', tag: 'latest' }],
  ['my_org/my.app__x-y', { registry: 'docker.io', repository: 'my_org/my.app__x-y', tag: 'latest' }],
];

test('parses and normalises references (Docker Hub default, library/, hosts with ports, tags, digests)', () => {
  for (const [input, expected] of valid) assert.deepEqual(parseReference(input), expected, input);
});

test('formats a reference so that it parses back to the same thing', () => {
  for (const [input, expected] of valid) assert.deepEqual(parseReference(formatReference(parseReference(input))), expected, input);
});

test('refuses malformed references with a one-line reason', () => {
  const invalid: [string, RegExp][] = [
    ['', /empty image reference/],
    ['UPPER', /"UPPER" is not a valid repository path component/],
    ['a//b', /empty path component/],
    ['example.org/', /no repository name/],
    ['app:', /"" is not a valid tag/],
    ['app:bad tag', /is not a valid tag/],
    ['app:-x', /is not a valid tag/],
    ['app@sha256:1234', /64 lowercase hex/],
    ['bad_host!:5000/app', /not a valid repository path component|not a registry host/],
    [`example.org/${'a'.repeat(260)}`, /longer than 255/],
  ];
  for (const [input, reason] of invalid) {
    assert.throws(() => parseReference(input), (err: Error) => reason.test(err.message) && !err.message.includes('\n'), input);
  }
});

test('credentials pasted before "@" are refused without being echoed', () => {
  assert.throws(() => parseReference('user:s3cret@registry.example.org/app:1'), (err: Error) => !err.message.includes('s3cret') && /credentials do not belong/.test(err.message));
});

test('plain http only for loopback hosts or when insecure; Docker Hub is served by registry-1.docker.io', () => {
  assert.equal(registryBaseUrl('docker.io', false), 'https://registry-1.docker.io');
  assert.equal(registryBaseUrl('ghcr.io', false), 'https://ghcr.io');
  assert.equal(registryBaseUrl('registry.internal:5000', true), 'http://registry.internal:5000');
  assert.equal(registryBaseUrl('127.0.0.1:5000', false), 'http://127.0.0.1:5000');
  assert.equal(registryBaseUrl('localhost:5000', false), 'http://localhost:5000');
  assert.equal(registryBaseUrl('[::1]:5000', false), 'http://[::1]:5000');
  for (const host of ['localhost', '127.0.0.1', '127.1.2.3:80', '[::1]:5000', 'LOCALHOST:1']) assert.ok(isLoopbackHost(host), host);
  for (const host of ['localhost.example.org', '10.0.0.1:5000', '128.0.0.1', 'example.org', '[::2]:5000']) assert.ok(!isLoopbackHost(host), host);
});
