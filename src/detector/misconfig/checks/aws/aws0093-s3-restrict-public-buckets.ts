import { cloudCheck, fail, isOff } from '../cloud-define.js';

/** AWS-0093: S3 Access block should restrict public bucket to limit access. */
export const aws0093 = cloudCheck({
  id: 'AWS-0093',
  aliases: ['AVD-AWS-0093', 'no-public-buckets', 'aws-s3-no-public-buckets'],
  namespace: 'builtin.aws.s3.aws0093',
  title: 'S3 Access block should restrict public bucket to limit access',
  severity: 'HIGH',
  description: 'Without a public access block that sets restrict_public_buckets, S3 does not stop public access to buckets with public policies: one wrong ACL or policy makes objects readable by anyone.',
  resolution: 'Add an aws_s3_bucket_public_access_block (CloudFormation: PublicAccessBlockConfiguration) with restrict_public_buckets = true.',
  references: ['https://docs.aws.amazon.com/AmazonS3/latest/dev-retired/access-control-block-public-access.html'],
  provider: 'AWS',
  service: 's3',
  check: (state) =>
    state.aws.s3.buckets.flatMap((bucket) => {
      const block = bucket.publicAccessBlock;
      if (!block) return [fail(bucket.loc, 'Bucket has no public access block: public access to buckets with public policies are not blocked')];
      return isOff(block.restrictPublicBuckets) ? [fail(block.restrictPublicBuckets.loc, 'Public access block does not set restrict_public_buckets')] : [];
    }),
});
