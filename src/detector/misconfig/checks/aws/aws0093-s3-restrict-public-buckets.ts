import { cloudCheck } from '../cloud-define.js';
import { publicAccessBlockCauses } from './s3-public-access-block.js';

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
  check: (state) => publicAccessBlockCauses(state, 'restrictPublicBuckets', 'restrict_public_buckets', 'public access to buckets with public policies'),
});
