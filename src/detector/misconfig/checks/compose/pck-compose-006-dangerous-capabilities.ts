import { COMPOSE_REFERENCE, atKey, composeCheck } from './define.js';

const DANGEROUS = new Set(['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'DAC_READ_SEARCH']);

/** PCK-COMPOSE-006: capabilities that amount to root on the host. */
export const pckCompose006 = composeCheck({
  id: 'PCK-COMPOSE-006',
  title: 'Service adds dangerous capabilities',
  severity: 'HIGH',
  description: 'ALL, SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE and DAC_READ_SEARCH let a container escape or take over the host network.',
  resolution: 'Remove these capabilities from cap_add; add only narrow ones the service needs.',
  references: [`${COMPOSE_REFERENCE}#cap_add`],
  check: (service) => {
    const added = Array.isArray(service.spec.cap_add) ? service.spec.cap_add : [];
    const bad = added.filter((c): c is string => typeof c === 'string' && DANGEROUS.has(c.toUpperCase().replace(/^CAP_/, '')));
    return bad.length > 0 ? [atKey(service, 'cap_add', `Service '${service.name}' adds ${bad.join(', ')}`)] : [];
  },
});
