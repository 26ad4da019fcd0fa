import { cloudCheck, fail, isOn } from '../cloud-define.js';
import { allowsAllIps, isTcpOrUdp, portInRange } from '../../cloud/net.js';

/** AZU-0050: Security group should not allow unrestricted ingress to SSH port from any IP address. */
export const azu0050 = cloudCheck({
  id: 'AZU-0050',
  aliases: ['AVD-AZU-0050', 'ssh-blocked-from-internet', 'azure-network-ssh-blocked-from-internet'],
  namespace: 'builtin.azure.network.azure0050',
  title: 'Security group should not allow unrestricted ingress to SSH port from any IP address.',
  severity: 'CRITICAL',
  description: 'SSH (port 22) open to the internet invites brute force and exploitation of remote administration.',
  resolution: 'Deny port 22 from the internet; reach machines through a bastion or VPN.',
  references: [],
  provider: 'Azure',
  service: 'network',
  check: (state) =>
    state.azure.network.rules
      .filter((rule) => !rule.outbound && isOn(rule.allow) && !rule.protocol.unknown && (isTcpOrUdp(rule.protocol.value) || rule.protocol.value === '*'))
      .filter((rule) => rule.ports.some(([from, to]) => portInRange(from, to, 22)))
      .filter((rule) => rule.sources.some((s) => !s.unknown && allowsAllIps(s.value)))
      .map((rule) => fail(rule.portsLoc, 'Security group rule allows unrestricted ingress to SSH port from any IP address')),
});
