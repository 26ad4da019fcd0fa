import { cloudCheck, fail } from '../cloud-define.js';
import { allows } from '../../cloud/policy.js';

/** AWS-0097: AWS SQS policy document has wildcard action statement. */
export const aws0097 = cloudCheck({
  id: 'AWS-0097',
  aliases: ['AVD-AWS-0097', 'no-wildcards-in-policy-documents', 'aws-sqs-no-wildcards-in-policy-documents'],
  namespace: 'builtin.aws.sqs.aws0097',
  title: 'AWS SQS policy document has wildcard action statement.',
  severity: 'HIGH',
  description: "A queue policy allowing '*' or 'sqs:*' lets its principals do anything with the queue, including deleting it.",
  resolution: 'Allow only the SQS actions needed.',
  references: ['https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-security-best-practices.html'],
  provider: 'AWS',
  service: 'sqs',
  check: (state) =>
    state.aws.sqs.queues.flatMap((queue) =>
      queue.policies.flatMap((policy) =>
        (policy.statements ?? []).filter((statement) => allows(statement) && statement.actions.some((a) => a === '*' || a.toLowerCase() === 'sqs:*')).map(() => fail(policy.loc, 'Queue policy does not restrict actions to a known set')),
      ),
    ),
});
