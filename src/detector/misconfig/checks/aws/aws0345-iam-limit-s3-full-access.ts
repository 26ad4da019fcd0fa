import { cloudCheck, fail } from '../cloud-define.js';
import { allows } from '../../cloud/policy.js';

/** AWS-0345: Disallow unrestricted S3 IAM Policies. */
export const aws0345 = cloudCheck({
  id: 'AWS-0345',
  aliases: ['AVD-AWS-0345', 'no-s3-full-access', 'aws-iam-no-s3-full-access'],
  namespace: 'builtin.aws.iam.aws0345',
  title: 'Disallow unrestricted S3 IAM Policies',
  severity: 'HIGH',
  description: "'s3:*' allows every S3 action, including deleting buckets and changing their policies.",
  resolution: "Grant the S3 actions needed instead of 's3:*' (and do not attach AmazonS3FullAccess).",
  references: [],
  provider: 'AWS',
  service: 'iam',
  check: (state) =>
    state.aws.iam.policies.flatMap((policy) =>
      (policy.statements ?? []).filter((statement) => allows(statement) && statement.actions.some((action) => action.toLowerCase() === 's3:*')).map(() => fail(policy.loc, "IAM policy allows the 's3:*' action")),
    ),
});
