import { cloudCheck, fail, isEmpty } from '../cloud-define.js';

/** AWS-0027: EBS volume encryption should use Customer Managed Keys. */
export const aws0027 = cloudCheck({
  id: 'AWS-0027',
  aliases: ['AVD-AWS-0027', 'volume-encryption-customer-key', 'aws-ebs-encryption-customer-key', 'aws-ec2-volume-encryption-customer-key'],
  namespace: 'builtin.aws.ec2.aws0027',
  title: 'EBS volume encryption should use Customer Managed Keys',
  severity: 'LOW',
  description: 'Volumes encrypted with the default AWS key give no control over key rotation and access; a customer managed key does.',
  resolution: 'Set kms_key_id (CloudFormation: KmsKeyId) to a customer managed KMS key.',
  references: ['https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/EBSEncryption.html'],
  provider: 'AWS',
  service: 'ec2',
  check: (state) =>
    state.aws.ec2.volumes.filter((volume) => isEmpty(volume.kmsKeyId)).map((volume) => fail(volume.kmsKeyId.loc, 'EBS volume does not use a customer managed key')),
});
