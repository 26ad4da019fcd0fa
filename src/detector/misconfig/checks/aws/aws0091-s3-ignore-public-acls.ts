import { cloudCheck } from '../cloud-define.js';
import { publicAccessBlockCauses } from './s3-public-access-block.js';

/** AWS-0091: S3 Access Block should Ignore Public ACL. */
export const aws0091 = cloudCheck({
  id: 'AWS-0091',
  aliases: ['AVD-AWS-0091', 'ignore-public-acls', 'aws-s3-ignore-public-acls'],
  namespace: 'builtin.aws.s3.aws0091',
  title: 'S3 Access Block should Ignore Public ACL',
  severity: 'HIGH',
  description: 'Without a public access block that sets ignore_public_acls, S3 does not stop public ACLs (ignore_public_acls): one wrong ACL or policy makes objects readable by anyone.',
  resolution: 'Add an aws_s3_bucket_public_access_block (CloudFormation: PublicAccessBlockConfiguration) with ignore_public_acls = true.',
  references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html'],
  provider: 'AWS',
  service: 's3',
  check: (state) => publicAccessBlockCauses(state, 'ignorePublicAcls', 'ignore_public_acls', 'public ACLs (ignore_public_acls)'),
});
