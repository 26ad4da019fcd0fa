import { cloudCheck, fail, isEmpty } from '../cloud-define.js';

/** AWS-0124: Missing description for security group rule. */
export const aws0124 = cloudCheck({
  id: 'AWS-0124',
  aliases: ['AVD-AWS-0124', 'add-description-to-security-group-rule', 'aws-ec2-add-description-to-security-group-rule', 'aws-vpc-add-description-to-security-group-rule'],
  namespace: 'builtin.aws.ec2.aws0124',
  title: 'Missing description for security group rule.',
  severity: 'LOW',
  description: 'Descriptions say why a rule opens what it opens, which reviews and audits need.',
  resolution: 'Give every ingress and egress rule a description.',
  references: ['https://www.cloudconformity.com/knowledge-base/aws/EC2/security-group-rules-description.html'],
  provider: 'AWS',
  service: 'ec2',
  check: (state) =>
    state.aws.ec2.securityGroups.flatMap((group) => [...group.ingress, ...group.egress]).filter((rule) => isEmpty(rule.description)).map((rule) => fail(rule.description.loc, 'Security group rule does not have a description')),
});
