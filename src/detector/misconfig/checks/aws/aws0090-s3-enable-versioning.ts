import { cloudCheck, fail, isOff } from '../cloud-define.js';

/** AWS-0090: S3 Data should be versioned. */
export const aws0090 = cloudCheck({
  id: 'AWS-0090',
  aliases: ['AVD-AWS-0090', 'enable-versioning', 'aws-s3-enable-versioning'],
  namespace: 'builtin.aws.s3.aws0090',
  title: 'S3 Data should be versioned',
  severity: 'MEDIUM',
  description: 'Without versioning, an overwritten or deleted object cannot be recovered, whether the change was a mistake or an attack.',
  resolution: "Enable versioning (aws_s3_bucket_versioning status 'Enabled'; CloudFormation: VersioningConfiguration Status Enabled).",
  references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html', 'https://aws.amazon.com/blogs/storage/reduce-storage-costs-with-fewer-noncurrent-versions-using-amazon-s3-lifecycle/'],
  provider: 'AWS',
  service: 's3',
  check: (state) =>
    state.aws.s3.buckets.filter((bucket) => isOff(bucket.versioning.enabled)).map((bucket) => fail(bucket.versioning.enabled.loc, 'Bucket does not have versioning enabled')),
});
