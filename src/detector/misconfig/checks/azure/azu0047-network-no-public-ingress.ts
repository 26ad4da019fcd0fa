import { cloudCheck, fail, isOn } from '../cloud-define.js';
import { allowsAllIps } from '../../cloud/net.js';

/** AZU-0047: A security group rule should not allow unrestricted ingress from any IP address. */
export const azu0047 = cloudCheck({
  id: 'AZU-0047',
  aliases: ['AVD-AZU-0047', 'no-public-ingress', 'azure-network-no-public-ingress'],
  namespace: 'builtin.azure.network.azure0047',
  title: 'A security group rule should not allow unrestricted ingress from any IP address.',
  severity: 'CRITICAL',
  description: 'An inbound rule allowing every source address exposes its ports to the whole internet.',
  resolution: 'Limit the source address prefixes to what needs access.',
  references: ['https://docs.microsoft.com/en-us/azure/security/fundamentals/network-best-practices'],
  provider: 'Azure',
  service: 'network',
  check: (state) =>
    state.azure.network.rules.filter((rule) => !rule.outbound && isOn(rule.allow)).flatMap((rule) => rule.sources.filter((s) => !s.unknown && allowsAllIps(s.value)).map((s) => fail(s.loc, 'Security group rule allows unrestricted ingress from any IP address'))),
});
