import { cloudCheck, fail, isOff } from '../cloud-define.js';
import { allowsAllIps, isTcp, portInRange } from '../../cloud/net.js';

/** GCP-0071: SSH Access Is Not Restricted. */
export const gcp0071 = cloudCheck({
  id: 'GCP-0071',
  aliases: ['AVD-GCP-0071', 'restrict-ssh-access', 'ssh-access-is-not-restricted', 'google-compute-restrict-ssh-access'],
  namespace: 'builtin.google.compute.google0071',
  title: 'SSH Access Is Not Restricted',
  severity: 'MEDIUM',
  description: 'SSH (port 22) open to every address invites brute force and exploitation of remote administration.',
  resolution: 'Limit the source ranges of rules that allow port 22.',
  references: ['https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_firewall'],
  provider: 'Google',
  service: 'compute',
  check: (state) =>
    state.google.compute.firewallRules
      .filter((rule) => rule.direction === 'INGRESS' && rule.allow && !isOff(rule.enforced) && !rule.protocol.unknown && isTcp(rule.protocol.value))
      .filter((rule) => rule.ports.some(([from, to]) => portInRange(from, to, 22)))
      .flatMap((rule) => rule.ranges.filter((r) => !r.unknown && allowsAllIps(r.value)).map((r) => fail(r.loc, 'Firewall rule allows unrestricted SSH access from any IP address'))),
});
