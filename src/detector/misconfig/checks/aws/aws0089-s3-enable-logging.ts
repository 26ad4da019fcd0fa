import { cloudCheck, fail, isOff } from '../cloud-define.js';

/** AWS-0089: S3 Bucket Logging. */
export const aws0089 = cloudCheck({
  id: 'AWS-0089',
  aliases: ['AVD-AWS-0089', 'enable-logging', 's3-bucket-logging', 'aws-s3-enable-logging'],
  namespace: 'builtin.aws.s3.aws0089',
  title: 'S3 Bucket Logging',
  severity: 'LOW',
  description: 'Without server access logging there is no record of who read or changed objects in the bucket.',
  resolution: 'Add a logging block or an aws_s3_bucket_logging resource (CloudFormation: LoggingConfiguration) with a target bucket.',
  references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html', 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html'],
  provider: 'AWS',
  service: 's3',
  check: (state) =>
    state.aws.s3.buckets.filter((bucket) => bucket.acl.value !== 'log-delivery-write' && isOff(bucket.logging.enabled)).map((bucket) => fail(bucket.logging.enabled.loc, 'Bucket has logging disabled')),
});
