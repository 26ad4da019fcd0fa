import { cloudCheck, fail } from '../cloud-define.js';

/** AWS-0161: The S3 Bucket backing Cloudtrail should be private. */
export const aws0161 = cloudCheck({
  id: 'AWS-0161',
  aliases: ['AVD-AWS-0161', 'no-public-log-access', 'aws-cloudtrail-no-public-log-access'],
  namespace: 'builtin.aws.cloudtrail.aws0161',
  title: 'The S3 Bucket backing Cloudtrail should be private',
  severity: 'CRITICAL',
  description: 'A public bucket holding CloudTrail logs exposes the account’s whole activity history.',
  resolution: 'Make the trail’s bucket private (no public-read or authenticated-read ACL).',
  references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-bucket.html'],
  provider: 'AWS',
  service: 'cloudtrail',
  check: (state) =>
    state.aws.cloudtrail.trails.flatMap((trail) => {
      if (trail.bucketName.unknown || trail.bucketName.value === '') return [];
      return state.aws.s3.buckets
        .filter((bucket) => !bucket.name.unknown && bucket.name.value === trail.bucketName.value)
        .filter((bucket) => ['public-read', 'public-read-write', 'authenticated-read'].includes(bucket.acl.value))
        .map((bucket) => fail(bucket.acl.loc, 'Trail S3 bucket is publicly exposed'));
    }),
});
