import { cloudCheck, fail } from '../cloud-define.js';

/** AWS-0099: Missing description for security group. */
export const aws0099 = cloudCheck({
  id: 'AWS-0099',
  aliases: ['AVD-AWS-0099', 'add-description-to-security-group', 'aws-ec2-add-description-to-security-group', 'aws-vpc-add-description-to-security-group'],
  namespace: 'builtin.aws.ec2.aws0099',
  title: 'Missing description for security group.',
  severity: 'LOW',
  description: 'Descriptions say why a security group exists, which reviews and audits need.',
  resolution: 'Give the security group a description that says what it is for.',
  references: ['https://www.cloudconformity.com/knowledge-base/aws/EC2/security-group-rules-description.html'],
  provider: 'AWS',
  service: 'ec2',
  check: (state) =>
    state.aws.ec2.securityGroups.filter((group) => group.managed && !group.description.unknown).flatMap((group) => {
      if (group.description.value === '') return [fail(group.description.loc, 'Security group does not have a description')];
      if (group.description.value === 'Managed by Terraform') return [fail(group.description.loc, "Security group explicitly uses the default description 'Managed by Terraform'")];
      return [];
    }),
});
