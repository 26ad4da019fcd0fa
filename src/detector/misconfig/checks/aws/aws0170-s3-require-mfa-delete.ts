import { cloudCheck, fail, isOff } from '../cloud-define.js';

/** AWS-0170: Buckets should have MFA deletion protection enabled. */
export const aws0170 = cloudCheck({
  id: 'AWS-0170',
  aliases: ['AVD-AWS-0170', 'require-mfa-delete', 'aws-s3-require-mfa-delete'],
  namespace: 'builtin.aws.s3.aws0170',
  title: 'Buckets should have MFA deletion protection enabled.',
  severity: 'LOW',
  description: 'With MFA delete, removing object versions or changing versioning needs a second factor, which protects against stolen credentials.',
  resolution: "Set mfa_delete = 'Enabled' in the versioning configuration.",
  references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html'],
  provider: 'AWS',
  service: 's3',
  check: (state) =>
    state.aws.s3.buckets.filter((bucket) => !isOff(bucket.versioning.enabled) && isOff(bucket.versioning.mfaDelete)).map((bucket) => fail(bucket.versioning.mfaDelete.loc, 'Bucket does not have MFA deletion protection enabled')),
});
