import { cloudCheck } from '../cloud-define.js';
import { publicAccessBlockCauses } from './s3-public-access-block.js';

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
  check: (state) => publicAccessBlockCauses(state, 'blockPublicPolicy', 'block_public_policy', 'public bucket policies'),
});
