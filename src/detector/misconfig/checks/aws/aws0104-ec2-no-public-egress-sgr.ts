import { cloudCheck, fail } from '../cloud-define.js';
import { allowsAllIps } from '../../cloud/net.js';

/** AWS-0104: A security group rule should not allow unrestricted egress to any IP address. */
export const aws0104 = cloudCheck({
  id: 'AWS-0104',
  aliases: ['AVD-AWS-0104', 'no-public-egress-sgr', 'aws-ec2-no-public-egress-sgr', 'aws-vpc-no-public-egress-sgr'],
  namespace: 'builtin.aws.ec2.aws0104',
  title: 'A security group rule should not allow unrestricted egress to any IP address.',
  severity: 'CRITICAL',
  description: 'Egress to any address lets a compromised resource send data anywhere on the internet.',
  resolution: 'Restrict egress to the destinations the workload needs.',
  references: ['https://docs.aws.amazon.com/whitepapers/latest/building-scalable-secure-multi-vpc-network-infrastructure/centralized-egress-to-internet.html'],
  provider: 'AWS',
  service: 'ec2',
  check: (state) =>
    state.aws.ec2.securityGroups.flatMap((group) => group.egress).flatMap((rule) => rule.cidrs.filter((cidr) => !cidr.unknown && allowsAllIps(cidr.value)).map((cidr) => fail(cidr.loc, 'Security group rule allows unrestricted egress to any IP address'))),
});
