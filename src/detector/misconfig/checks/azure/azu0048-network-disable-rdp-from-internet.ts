import { cloudCheck, fail, isOn } from '../cloud-define.js';
import { allowsAllIps, isTcpOrUdp, portInRange } from '../../cloud/net.js';

/** AZU-0048: A security group should not allow unrestricted ingress to the RDP port from any IP address. */
export const azu0048 = cloudCheck({
  id: 'AZU-0048',
  aliases: ['AVD-AZU-0048', 'disable-rdp-from-internet', 'azure-network-disable-rdp-from-internet'],
  namespace: 'builtin.azure.network.azure0048',
  title: 'A security group should not allow unrestricted ingress to the RDP port from any IP address.',
  severity: 'CRITICAL',
  description: 'RDP (port 3389) open to the internet invites brute force and exploitation of remote administration.',
  resolution: 'Deny port 3389 from the internet; reach machines through a bastion or VPN.',
  references: ['https://docs.microsoft.com/en-us/azure/bastion/tutorial-create-host-portal'],
  provider: 'Azure',
  service: 'network',
  check: (state) =>
    state.azure.network.rules
      .filter((rule) => !rule.outbound && isOn(rule.allow) && !rule.protocol.unknown && (isTcpOrUdp(rule.protocol.value) || rule.protocol.value === '*'))
      .filter((rule) => rule.ports.some(([from, to]) => portInRange(from, to, 3389)))
      .filter((rule) => rule.sources.some((s) => !s.unknown && allowsAllIps(s.value)))
      .map((rule) => fail(rule.portsLoc, 'Security group rule allows unrestricted ingress to RDP port from any IP address')),
});
