/** `--platform` parsing and index entry matching, normalised as containerd normalises platforms. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPlatform, normalizePlatform, parsePlatform, platformMatches } from '../../../src/target/image/platform.js';
import { UserError } from '../../../src/errors.js';

test('platform: parsed and normalised (aliases, default variants)', () => {
  assert.deepEqual(parsePlatform(), { os: 'linux', architecture: 'amd64' });
  assert.deepEqual(parsePlatform('linux/amd64'), { os: 'linux', architecture: 'amd64' });
  assert.deepEqual(parsePlatform('Linux/x86_64'), { os: 'linux', architecture: 'amd64' });
  assert.deepEqual(parsePlatform('linux/amd64/v1'), { os: 'linux', architecture: 'amd64' });
  assert.deepEqual(parsePlatform('linux/amd64/v3'), { os: 'linux', architecture: 'amd64', variant: 'v3' });
  assert.deepEqual(parsePlatform('linux/arm64'), { os: 'linux', architecture: 'arm64' });
  assert.deepEqual(parsePlatform('linux/aarch64/v8'), { os: 'linux', architecture: 'arm64' });
  assert.deepEqual(parsePlatform('linux/arm'), { os: 'linux', architecture: 'arm', variant: 'v7' });
  assert.deepEqual(parsePlatform('linux/arm/6'), { os: 'linux', architecture: 'arm', variant: 'v6' });
  assert.deepEqual(parsePlatform('linux/armhf'), { os: 'linux', architecture: 'arm', variant: 'v7' });
  assert.deepEqual(parsePlatform('linux/armel'), { os: 'linux', architecture: 'arm', variant: 'v6' });
  assert.deepEqual(parsePlatform('linux/i386'), { os: 'linux', architecture: '386' });
  assert.deepEqual(normalizePlatform({ os: 'linux', architecture: 'arm64', variant: 'v9.0' }), { os: 'linux', architecture: 'arm64', variant: 'v9' });
});

test('platform: malformed values are a UserError naming --platform', () => {
  for (const bad of ['linux', 'linux/', '/amd64', 'linux/arm/v7/x', '']) {
    assert.throws(() => parsePlatform(bad), (err: unknown) => err instanceof UserError && err.message.startsWith(`invalid --platform "${bad}"`), bad);
  }
});

test('platform: index entries match as containerd matches them', () => {
  const amd64 = parsePlatform('linux/amd64');
  const arm64 = parsePlatform('linux/arm64');
  const arm = parsePlatform('linux/arm');
  assert.ok(platformMatches({ os: 'linux', architecture: 'amd64' }, amd64));
  assert.ok(!platformMatches({ os: 'linux', architecture: 'amd64', variant: 'v3' }, amd64));
  assert.ok(!platformMatches({ os: 'windows', architecture: 'amd64' }, amd64));
  assert.ok(platformMatches({ os: 'linux', architecture: 'arm64', variant: 'v8' }, arm64));
  assert.ok(platformMatches({ os: 'linux', architecture: 'arm64' }, parsePlatform('linux/arm64/v8')));
  assert.ok(platformMatches({ os: 'linux', architecture: 'arm' }, arm), 'an arm entry without variant is v7');
  assert.ok(platformMatches({ os: 'linux', architecture: 'arm', variant: 'v7' }, arm));
  assert.ok(!platformMatches({ os: 'linux', architecture: 'arm', variant: 'v6' }, arm));
  assert.ok(!platformMatches({ os: 'unknown', architecture: 'unknown' }, amd64));
  assert.ok(!platformMatches(undefined, amd64));
});

test('platform: shown as written', () => {
  assert.equal(formatPlatform({ os: 'linux', architecture: 'arm64', variant: 'v8' }), 'linux/arm64/v8');
  assert.equal(formatPlatform({ os: 'linux', architecture: 'amd64' }), 'linux/amd64');
});
