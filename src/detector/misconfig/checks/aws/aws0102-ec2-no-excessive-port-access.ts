import { cloudCheck, fail } from '../cloud-define.js';
import { isAllProtocols } from '../../cloud/net.js';

/** AWS-0102: An Network ACL rule allows ALL ports. */
export const aws0102 = cloudCheck({
  id: 'AWS-0102',
  aliases: ['AVD-AWS-0102', 'no-excessive-port-access', 'aws-ec2-no-excessive-port-access', 'aws-vpc-no-excessive-port-access'],
  namespace: 'builtin.aws.ec2.aws0102',
  title: 'An Network ACL rule allows ALL ports.',
  severity: 'CRITICAL',
  description: 'A network ACL rule for all protocols allows every port, more than any workload needs.',
  resolution: 'Allow only the protocols and ports needed.',
  references: ['https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html'],
  provider: 'AWS',
  service: 'ec2',
  check: (state) =>
    state.aws.ec2.networkAclRules
      .filter((rule) => !rule.action.unknown && rule.action.value.toLowerCase() === 'allow' && !rule.protocol.unknown && isAllProtocols(rule.protocol.value))
      .map((rule) => fail(rule.protocol.loc, 'Network ACL rule allows access using ALL ports')),
});
