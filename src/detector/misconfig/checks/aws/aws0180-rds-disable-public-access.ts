import { cloudCheck, fail, isOn } from '../cloud-define.js';

/** AWS-0180: RDS Publicly Accessible. */
export const aws0180 = cloudCheck({
  id: 'AWS-0180',
  aliases: ['AVD-AWS-0180', 'enable-public-access', 'aws-rds-enable-public-access'],
  namespace: 'builtin.aws.rds.aws0180',
  title: 'RDS Publicly Accessible',
  severity: 'HIGH',
  description: 'A publicly accessible database instance gets a public address and can be reached from the internet.',
  resolution: 'Set publicly_accessible = false (CloudFormation: PubliclyAccessible: false).',
  references: ['http://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.html'],
  provider: 'AWS',
  service: 'rds',
  check: (state) =>
    state.aws.rds.instances.filter((instance) => isOn(instance.publicAccess)).map((instance) => fail(instance.publicAccess.loc, 'Instance has public access enabled')),
});
