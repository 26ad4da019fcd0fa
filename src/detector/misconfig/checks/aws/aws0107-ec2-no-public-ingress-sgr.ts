import { cloudCheck, fail } from '../cloud-define.js';
import { allowsAllIps, isAllProtocols, isTcpOrUdp, portInRange } from '../../cloud/net.js';

/** AWS-0107: Security groups should not allow unrestricted ingress to SSH or RDP from any IP address. */
export const aws0107 = cloudCheck({
  id: 'AWS-0107',
  aliases: ['AVD-AWS-0107', 'no-public-ingress-sgr', 'aws-ec2-no-public-ingress-sgr'],
  namespace: 'builtin.aws.ec2.aws0107',
  title: 'Security groups should not allow unrestricted ingress to SSH or RDP from any IP address.',
  severity: 'HIGH',
  description: 'SSH (22) and RDP (3389) open to the whole internet invite brute force and exploitation of remote administration services.',
  resolution: 'Limit the rule to the address ranges that need remote administration access.',
  references: ['https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-rules-reference.html', 'https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-13', 'https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-14'],
  provider: 'AWS',
  service: 'ec2',
  check: (state) =>
    state.aws.ec2.securityGroups.flatMap((group) => group.ingress).flatMap((rule) => {
      if (rule.protocol.unknown || !isTcpOrUdp(rule.protocol.value)) return [];
      const ports = isAllProtocols(rule.protocol.value) || portInRange(rule.fromPort.value, rule.toPort.value, 22) || portInRange(rule.fromPort.value, rule.toPort.value, 3389);
      if (!ports) return [];
      return rule.cidrs.filter((cidr) => !cidr.unknown && allowsAllIps(cidr.value)).map((cidr) => fail(cidr.loc, 'Security group rule allows unrestricted ingress to SSH or RDP from any IP address'));
    }),
});
