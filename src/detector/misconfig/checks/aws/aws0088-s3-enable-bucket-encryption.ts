import { cloudCheck, fail, isOff } from '../cloud-define.js';

/** AWS-0088: Unencrypted S3 bucket. */
export const aws0088 = cloudCheck({
  id: 'AWS-0088',
  aliases: ['AVD-AWS-0088', 'enable-bucket-encryption', 'aws-s3-enable-bucket-encryption'],
  namespace: 'builtin.aws.s3.aws0088',
  title: 'Unencrypted S3 bucket.',
  severity: 'HIGH',
  description: 'Objects in an unencrypted bucket are stored in clear on AWS disks and in backups.',
  resolution: 'Configure server-side encryption (SSE-S3 or SSE-KMS) for the bucket.',
  references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-encryption.html'],
  provider: 'AWS',
  service: 's3',
  deprecated: true,
  check: (state) =>
    state.aws.s3.buckets.filter((bucket) => isOff(bucket.encryption.enabled)).map((bucket) => fail(bucket.encryption.enabled.loc, 'Bucket does not have encryption enabled')),
});
