import { cloudCheck } from '../cloud-define.js';
import { publicAccessBlockCauses } from './s3-public-access-block.js';

/** AWS-0086: S3 Access block should block public ACL. */
export const aws0086 = cloudCheck({
  id: 'AWS-0086',
  aliases: ['AVD-AWS-0086', 'block-public-acls', 'aws-s3-block-public-acls'],
  namespace: 'builtin.aws.s3.aws0086',
  title: 'S3 Access block should block public ACL',
  severity: 'HIGH',
  description: 'Without a public access block that sets block_public_acls, S3 does not stop public ACLs: one wrong ACL or policy makes objects readable by anyone.',
  resolution: 'Add an aws_s3_bucket_public_access_block (CloudFormation: PublicAccessBlockConfiguration) with block_public_acls = true.',
  references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html'],
  provider: 'AWS',
  service: 's3',
  check: (state) => publicAccessBlockCauses(state, 'blockPublicAcls', 'block_public_acls', 'public ACLs'),
});
