import { cloudCheck, fail, isEmpty } from '../cloud-define.js';

/** AWS-0015: CloudTrail should use Customer managed keys to encrypt the logs. */
export const aws0015 = cloudCheck({
  id: 'AWS-0015',
  aliases: ['AVD-AWS-0015', 'encryption-customer-managed-key', 'aws-cloudtrail-encryption-customer-managed-key'],
  namespace: 'builtin.aws.cloudtrail.aws0015',
  title: 'CloudTrail should use Customer managed keys to encrypt the logs',
  severity: 'HIGH',
  description: 'Trail logs encrypted with a customer managed key can only be read by principals the key policy allows.',
  resolution: 'Set kms_key_id (CloudFormation: KMSKeyId) to a customer managed KMS key.',
  references: ['https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html', 'https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-mgmt'],
  provider: 'AWS',
  service: 'cloudtrail',
  check: (state) =>
    state.aws.cloudtrail.trails.filter((trail) => isEmpty(trail.kmsKeyId)).map((trail) => fail(trail.kmsKeyId.loc, 'CloudTrail does not use a customer managed key to encrypt the logs')),
});
