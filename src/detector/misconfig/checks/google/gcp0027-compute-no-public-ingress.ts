import { cloudCheck, fail, isOff } from '../cloud-define.js';
import { allowsAllIps } from '../../cloud/net.js';

/** GCP-0027: A firewall rule should not allow unrestricted ingress from any IP address. */
export const gcp0027 = cloudCheck({
  id: 'GCP-0027',
  aliases: ['AVD-GCP-0027', 'no-public-ingress', 'google-compute-no-public-ingress'],
  namespace: 'builtin.google.compute.google0027',
  title: 'A firewall rule should not allow unrestricted ingress from any IP address.',
  severity: 'CRITICAL',
  description: 'A firewall rule allowing ingress from every address exposes its ports to the whole internet.',
  resolution: 'Limit source_ranges to the addresses that need access.',
  references: ['https://cloud.google.com/vpc/docs/using-firewalls'],
  provider: 'Google',
  service: 'compute',
  check: (state) =>
    state.google.compute.firewallRules.filter((rule) => rule.direction === 'INGRESS' && rule.allow && !isOff(rule.enforced)).flatMap((rule) => rule.ranges.filter((r) => !r.unknown && allowsAllIps(r.value)).map((r) => fail(r.loc, 'Firewall rule allows unrestricted ingress from any IP address'))),
});
