import { COMPOSE_REFERENCE, atKey, composeCheck } from './define.js';

/** PCK-COMPOSE-005: host PID or IPC namespaces. */
export const pckCompose005 = composeCheck({
  id: 'PCK-COMPOSE-005',
  title: 'Service shares the host PID or IPC namespace',
  severity: 'HIGH',
  description: "With pid: host (or ipc: host) the service sees the host's processes (or shared memory) and can signal or inspect them.",
  resolution: "Remove 'pid: host' and 'ipc: host'.",
  references: [`${COMPOSE_REFERENCE}#pid`, `${COMPOSE_REFERENCE}#ipc`],
  check: (service) =>
    (['pid', 'ipc'] as const)
      .filter((key) => service.spec[key] === 'host')
      .map((key) => atKey(service, key, `Service '${service.name}' uses the host ${key.toUpperCase()} namespace`)),
});
