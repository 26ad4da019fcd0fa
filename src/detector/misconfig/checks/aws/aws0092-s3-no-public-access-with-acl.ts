import { cloudCheck, fail } from '../cloud-define.js';

/** AWS-0092: S3 Buckets not publicly accessible through ACL. */
export const aws0092 = cloudCheck({
  id: 'AWS-0092',
  aliases: ['AVD-AWS-0092', 'no-public-access-with-acl', 'aws-s3-no-public-access-with-acl'],
  namespace: 'builtin.aws.s3.aws0092',
  title: 'S3 Buckets not publicly accessible through ACL.',
  severity: 'HIGH',
  description: 'A canned ACL such as public-read or authenticated-read exposes the bucket’s objects outside the account.',
  resolution: "Use the 'private' ACL (or no ACL) and grant access through policies.",
  references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html'],
  provider: 'AWS',
  service: 's3',
  check: (state) =>
    state.aws.s3.buckets
      .filter((bucket) => !bucket.acl.unknown && ['public-read', 'public-read-write', 'website', 'authenticated-read'].includes(bucket.acl.value))
      .map((bucket) => fail(bucket.acl.loc, `Bucket has a public ACL: '${bucket.acl.value}'`)),
});
