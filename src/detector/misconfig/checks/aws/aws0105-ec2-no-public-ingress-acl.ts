import { cloudCheck, fail, isOff } from '../cloud-define.js';
import { allowsAllIps, isAllProtocols, isTcpOrUdp, portInRange } from '../../cloud/net.js';

/** AWS-0105: Network ACLs should not allow unrestricted ingress to SSH or RDP from any IP address. */
export const aws0105 = cloudCheck({
  id: 'AWS-0105',
  aliases: ['AVD-AWS-0105', 'no-public-ingress-acl', 'aws-ec2-no-public-ingress-acl', 'aws-vpc-no-public-ingress-acl'],
  namespace: 'builtin.aws.ec2.aws0105',
  title: 'Network ACLs should not allow unrestricted ingress to SSH or RDP from any IP address.',
  severity: 'MEDIUM',
  description: 'A network ACL that allows SSH or RDP from anywhere leaves remote administration ports open to the internet.',
  resolution: 'Limit the ACL rule to the address ranges that need access.',
  references: ['https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html', 'https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-21'],
  provider: 'AWS',
  service: 'ec2',
  check: (state) =>
    state.aws.ec2.networkAclRules.flatMap((rule) => {
      if (!isOff(rule.egress) || rule.action.unknown || rule.action.value.toLowerCase() !== 'allow') return [];
      if (rule.protocol.unknown || !isTcpOrUdp(rule.protocol.value)) return [];
      const ports = isAllProtocols(rule.protocol.value) || portInRange(rule.fromPort.value, rule.toPort.value, 22) || portInRange(rule.fromPort.value, rule.toPort.value, 3389);
      if (!ports) return [];
      return rule.cidrs.filter((cidr) => !cidr.unknown && allowsAllIps(cidr.value)).map((cidr) => fail(cidr.loc, 'Network ACL rule allows ingress to SSH or RDP from any IP address'));
    }),
});
