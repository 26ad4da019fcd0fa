import { cloudCheck, fail, isOff } from '../cloud-define.js';
import { allowsAllIps, isTcp, portInRange } from '../../cloud/net.js';

/** GCP-0070: RDP Access Is Not Restricted. */
export const gcp0070 = cloudCheck({
  id: 'GCP-0070',
  aliases: ['AVD-GCP-0070', 'no-open-rdp-access', 'rdp-access-not-restricted', 'google-compute-no-open-rdp-access'],
  namespace: 'builtin.google.compute.google0070',
  title: 'RDP Access Is Not Restricted',
  severity: 'HIGH',
  description: 'RDP (port 3389) open to every address invites brute force and exploitation of remote administration.',
  resolution: 'Limit the source ranges of rules that allow port 3389.',
  references: ['https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_firewall'],
  provider: 'Google',
  service: 'compute',
  check: (state) =>
    state.google.compute.firewallRules
      .filter((rule) => rule.direction === 'INGRESS' && rule.allow && !isOff(rule.enforced) && !rule.protocol.unknown && isTcp(rule.protocol.value))
      .filter((rule) => rule.ports.some(([from, to]) => portInRange(from, to, 3389)))
      .flatMap((rule) => rule.ranges.filter((r) => !r.unknown && allowsAllIps(r.value)).map((r) => fail(r.loc, 'Firewall rule allows unrestricted RDP access from any IP address'))),
});
