import { cloudCheck, fail, isEmpty } from '../cloud-define.js';

/** AWS-0132: S3 encryption should use Customer Managed Keys. */
export const aws0132 = cloudCheck({
  id: 'AWS-0132',
  aliases: ['AVD-AWS-0132', 'encryption-customer-key', 'aws-s3-encryption-customer-key'],
  namespace: 'builtin.aws.s3.aws0132',
  title: 'S3 encryption should use Customer Managed Keys',
  severity: 'HIGH',
  description: 'Encryption with AWS-owned keys gives no control over key rotation, access policies or audit of key use; a customer managed KMS key does. Log delivery buckets are exempt (they cannot use SSE-KMS).',
  resolution: 'Use SSE-KMS with a customer managed key (kms_master_key_id / KMSMasterKeyID).',
  references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-encryption.html'],
  provider: 'AWS',
  service: 's3',
  check: (state) =>
    state.aws.s3.buckets
      .filter((bucket) => bucket.acl.value.toLowerCase() !== 'log-delivery-write' && !bucket.logDeliveryGrant && !bucket.logDeliveryPolicy)
      .filter((bucket) => isEmpty(bucket.encryption.kmsKeyId))
      .map((bucket) => fail(bucket.encryption.loc, 'Bucket does not encrypt data with a customer managed key')),
});
