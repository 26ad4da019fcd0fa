import { cloudCheck, fail } from '../cloud-define.js';

/** AWS-0094: S3 buckets should each define an aws_s3_bucket_public_access_block. */
export const aws0094 = cloudCheck({
  id: 'AWS-0094',
  aliases: ['AVD-AWS-0094', 'specify-public-access-block', 'aws-s3-specify-public-access-block'],
  namespace: 'builtin.aws.s3.aws0094',
  title: 'S3 buckets should each define an aws_s3_bucket_public_access_block',
  severity: 'LOW',
  description: 'A bucket without its own public access block relies on account settings to stop public ACLs and policies.',
  resolution: 'Define an aws_s3_bucket_public_access_block for the bucket (CloudFormation: PublicAccessBlockConfiguration).',
  references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html'],
  provider: 'AWS',
  service: 's3',
  check: (state) =>
    state.aws.s3.buckets.filter((bucket) => !bucket.publicAccessBlock).map((bucket) => fail(bucket.loc, 'Bucket does not have a corresponding public access block')),
});
