import { cloudCheck, fail } from '../cloud-define.js';

/** AWS-0101: AWS best practice to not use the default VPC for workflows. */
export const aws0101 = cloudCheck({
  id: 'AWS-0101',
  aliases: ['AVD-AWS-0101', 'no-default-vpc', 'aws-ec2-no-default-vpc', 'aws-vpc-no-default-vpc'],
  namespace: 'builtin.aws.ec2.aws0101',
  title: 'AWS best practice to not use the default VPC for workflows',
  severity: 'HIGH',
  description: 'The default VPC has public subnets and permissive defaults; workloads belong in VPCs designed for them.',
  resolution: 'Create a dedicated VPC instead of managing the default one.',
  references: ['https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html'],
  provider: 'AWS',
  service: 'ec2',
  check: (state) =>
    state.aws.ec2.defaultVpcs.map((vpc) => fail(vpc.loc, 'Default VPC is used')),
});
