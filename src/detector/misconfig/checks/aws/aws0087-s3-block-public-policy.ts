import { cloudCheck, fail, isOff } from '../cloud-define.js';

/** AWS-0087: S3 Access block should block public policy. */
export const aws0087 = cloudCheck({
  id: 'AWS-0087',
  aliases: ['AVD-AWS-0087', 'block-public-policy', 'aws-s3-block-public-policy'],
  namespace: 'builtin.aws.s3.aws0087',
  title: 'S3 Access block should block public policy',
  severity: 'HIGH',
  description: 'Without a public access block that sets block_public_policy, S3 does not stop public bucket policies: one wrong ACL or policy makes objects readable by anyone.',
  resolution: 'Add an aws_s3_bucket_public_access_block (CloudFormation: PublicAccessBlockConfiguration) with block_public_policy = true.',
  references: ['https://docs.aws.amazon.com/AmazonS3/latest/dev-retired/access-control-block-public-access.html'],
  provider: 'AWS',
  service: 's3',
  check: (state) =>
    state.aws.s3.buckets.flatMap((bucket) => {
      const block = bucket.publicAccessBlock;
      if (!block) return [fail(bucket.loc, 'Bucket has no public access block: public bucket policies are not blocked')];
      return isOff(block.blockPublicPolicy) ? [fail(block.blockPublicPolicy.loc, 'Public access block does not set block_public_policy')] : [];
    }),
});
