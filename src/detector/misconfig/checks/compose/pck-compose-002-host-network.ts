import { COMPOSE_REFERENCE, atKey, composeCheck } from './define.js';

/** PCK-COMPOSE-002: services on the host's network stack. */
export const pckCompose002 = composeCheck({
  id: 'PCK-COMPOSE-002',
  title: 'Service uses the host network',
  severity: 'HIGH',
  description: "With network_mode: host the service shares the host's network stack: it can bind any host port and reach services listening on localhost.",
  resolution: 'Use a bridge or user-defined network and publish only the ports needed.',
  references: [`${COMPOSE_REFERENCE}#network_mode`],
  check: (service) => (service.spec.network_mode === 'host' ? [atKey(service, 'network_mode', `Service '${service.name}' uses the host network`)] : []),
});
