import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configFileType, findingIds, scanConfigFile, builtinChecks } from '../../../src/detector/misconfig/index.js';

const NOW = new Date('2025-06-01T00:00:00Z');

test('Compose files are known by name: compose.yaml, docker-compose*.yml, compose.override.yaml', () => {
  for (const name of ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.prod.yaml', 'deploy/compose.override.yml', 'docker-compose-dev.yaml']) {
    assert.equal(configFileType(name, 'services: {}\n'), 'docker-compose', name);
  }
  assert.equal(configFileType('my-compose.yaml', 'services:\n  a: {}\n'), undefined);
});

test('one unit per service: causes at the setting, named after the service, ignore comments above the service', async () => {
  const text = `services:
  web:
    image: nginx
    ports: ["80:80"]
  # picket:ignore:PCK-COMPOSE-001
  agent:
    image: portainer/agent:2.21.0
    privileged: true
    network_mode: host
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
`;
  const result = await scanConfigFile('compose.yaml', text, { now: NOW });
  assert.ok(result);
  assert.equal(result.type, 'docker-compose');
  assert.deepEqual(
    result.failures.map((f) => [f.ID, f.CauseMetadata.Resource, f.CauseMetadata.StartLine, f.CauseMetadata.EndLine]),
    [
      ['PCK-COMPOSE-002', 'agent', 9, 9],
      ['PCK-COMPOSE-003', 'agent', 10, 11],
      ['PCK-COMPOSE-004', 'web', 3, 3],
    ],
  );
  assert.equal(result.exceptions, 1);
  assert.equal(result.failures[0].Type, 'Docker Compose Security Check');
  assert.equal(result.failures[0].CauseMetadata.Provider, 'Docker Compose');
  assert.equal(result.failures[0].PrimaryURL, undefined, 'no AVD page for picket ids');
  assert.equal(await scanConfigFile('compose.yaml', 'version: "3"\n'), undefined, 'no services');
});

test('Compose checks live in picket\'s namespace', async () => {
  for (const check of (await builtinChecks()).compose) {
    assert.match(check.id, /^PCK-COMPOSE-\d{3}$/);
    assert.equal(check.namespace, `picket.compose.${check.id.replace(/-/g, '_')}`);
  }
  const result = await scanConfigFile('compose.yaml', 'services:\n  a:\n    image: x\n', { now: NOW });
  assert.deepEqual(await findingIds(result?.failures[0] ?? ({} as never)), ['PCK-COMPOSE-004']);
});
