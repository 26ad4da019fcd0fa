import { cloudCheck, fail, isOn } from '../cloud-define.js';
import { allowsAllIps } from '../../cloud/net.js';

/** AZU-0051: A security rule should not allow unrestricted egress to any IP address. */
export const azu0051 = cloudCheck({
  id: 'AZU-0051',
  aliases: ['AVD-AZU-0051', 'no-public-egress', 'azure-network-no-public-egress'],
  namespace: 'builtin.azure.network.azure0051',
  title: 'A security rule should not allow unrestricted egress to any IP address.',
  severity: 'CRITICAL',
  description: 'An outbound rule allowing every destination lets a compromised resource send data anywhere.',
  resolution: 'Limit the destination address prefixes to what the workload needs.',
  references: ['https://docs.microsoft.com/en-us/azure/security/fundamentals/network-best-practices'],
  provider: 'Azure',
  service: 'network',
  check: (state) =>
    state.azure.network.rules.filter((rule) => rule.outbound && isOn(rule.allow)).flatMap((rule) => rule.destinations.filter((d) => !d.unknown && allowsAllIps(d.value)).map((d) => fail(d.loc, 'Security group rule allows unrestricted egress to any IP address'))),
});
