import { COMPOSE_REFERENCE, atKey, composeCheck } from './define.js';

/** PCK-COMPOSE-001: privileged services. */
export const pckCompose001 = composeCheck({
  id: 'PCK-COMPOSE-001',
  title: 'Service runs privileged',
  severity: 'HIGH',
  description: 'A privileged container has every capability and access to the host devices: escaping it is trivial.',
  resolution: "Remove 'privileged: true'; add only the capabilities the service needs with cap_add.",
  references: [`${COMPOSE_REFERENCE}#privileged`],
  check: (service) => (service.spec.privileged === true ? [atKey(service, 'privileged', `Service '${service.name}' runs privileged`)] : []),
});
