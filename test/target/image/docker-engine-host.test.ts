/** Engine host URLs and the default Docker and podman sockets. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultDockerHost, defaultPodmanHost, parseEngineHost } from '../../../src/target/image/sources/engine-host.js';

test('the Docker host is DOCKER_HOST, else the system socket', () => {
  assert.equal(defaultDockerHost({}), 'unix:///var/run/docker.sock');
  assert.equal(defaultDockerHost({ DOCKER_HOST: ' ' }), 'unix:///var/run/docker.sock');
  assert.equal(defaultDockerHost({ DOCKER_HOST: 'tcp://10.0.0.2:2375' }), 'tcp://10.0.0.2:2375');
});

test('the podman host is the root socket for root, else the rootless one in the runtime dir', () => {
  assert.equal(defaultPodmanHost({ XDG_RUNTIME_DIR: '/run/user/1000' }, 0), 'unix:///run/podman/podman.sock');
  assert.equal(defaultPodmanHost({ XDG_RUNTIME_DIR: '/run/user/1000/' }, 1000), 'unix:///run/user/1000/podman/podman.sock');
  assert.equal(defaultPodmanHost({}, 1001), 'unix:///run/user/1001/podman/podman.sock');
});

test('unix:// and tcp:// hosts parse; tcp defaults to port 2375; credentials never reach the label', () => {
  assert.deepEqual(parseEngineHost('unix:///var/run/docker.sock'), { label: 'unix:///var/run/docker.sock', socketPath: '/var/run/docker.sock' });
  assert.deepEqual(parseEngineHost('tcp://127.0.0.1:2375'), { label: 'tcp://127.0.0.1:2375', hostname: '127.0.0.1', port: 2375 });
  assert.deepEqual(parseEngineHost('tcp://docker.internal'), { label: 'tcp://docker.internal:2375', hostname: 'docker.internal', port: 2375 });
  assert.deepEqual(parseEngineHost('tcp://[::1]:2376'), { label: 'tcp://[::1]:2376', hostname: '::1', port: 2376 });
  assert.deepEqual(parseEngineHost('tcp://me:pw@10.0.0.2:2375'), { label: 'tcp://10.0.0.2:2375', hostname: '10.0.0.2', port: 2375 });
});

test('other schemes and malformed hosts are unsupported, with the reason', () => {
  assert.match((parseEngineHost('ssh://me@host') as { unsupported: string }).unsupported, /^ssh:\/\/ engine hosts are not supported/);
  assert.match((parseEngineHost('npipe:////./pipe/docker_engine') as { unsupported: string }).unsupported, /^npipe:\/\//);
  assert.match((parseEngineHost('unix://relative.sock') as { unsupported: string }).unsupported, /absolute socket path/);
  assert.match((parseEngineHost('/var/run/docker.sock') as { unsupported: string }).unsupported, /not an engine host URL/);
  assert.match((parseEngineHost('tcp://host:2375/path') as { unsupported: string }).unsupported, /no path/);
});
