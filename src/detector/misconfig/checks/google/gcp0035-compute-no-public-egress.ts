import { cloudCheck, fail, isOff } from '../cloud-define.js';
import { allowsAllIps } from '../../cloud/net.js';

/** GCP-0035: A firewall rule should not allow unrestricted egress to any IP address. */
export const gcp0035 = cloudCheck({
  id: 'GCP-0035',
  aliases: ['AVD-GCP-0035', 'no-public-egress', 'google-compute-no-public-egress'],
  namespace: 'builtin.google.compute.google0035',
  title: 'A firewall rule should not allow unrestricted egress to any IP address.',
  severity: 'CRITICAL',
  description: 'A firewall rule allowing egress to every address lets a compromised instance send data anywhere.',
  resolution: 'Limit destination_ranges to what the workload needs.',
  references: ['https://cloud.google.com/vpc/docs/using-firewalls'],
  provider: 'Google',
  service: 'compute',
  check: (state) =>
    state.google.compute.firewallRules.filter((rule) => rule.direction === 'EGRESS' && rule.allow && !isOff(rule.enforced)).flatMap((rule) => rule.ranges.filter((r) => !r.unknown && allowsAllIps(r.value)).map((r) => fail(r.loc, 'Firewall rule allows unrestricted egress to any IP address'))),
});
