import { cloudCheck, fail } from '../cloud-define.js';
import { allows } from '../../cloud/policy.js';

/** AWS-0057: IAM policy should avoid use of wildcards and instead apply the principle of least privilege. */
export const aws0057 = cloudCheck({
  id: 'AWS-0057',
  aliases: ['AVD-AWS-0057', 'no-policy-wildcards', 'aws-iam-no-policy-wildcards'],
  namespace: 'builtin.aws.iam.aws0057',
  title: 'IAM policy should avoid use of wildcards and instead apply the principle of least privilege',
  severity: 'HIGH',
  description: 'Wildcards in actions or resources grant more than the holder needs; a leaked credential then reaches everything the wildcard covers.',
  resolution: 'Name the actions and resources the policy needs.',
  references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html'],
  provider: 'AWS',
  service: 'iam',
  deprecated: true,
  check: (state) =>
    state.aws.iam.policies.filter((policy) => !policy.builtin).flatMap((policy) =>
      (policy.statements ?? []).filter(allows).flatMap((statement) => [
        ...statement.actions.filter((action) => action.includes('*')).map((action) => fail(policy.loc, `IAM policy document uses wildcarded action '${action}'`)),
        ...(statement.resources.includes('*') ? [fail(policy.loc, "IAM policy document uses wildcarded resource '*'")] : []),
      ]),
    ),
});
