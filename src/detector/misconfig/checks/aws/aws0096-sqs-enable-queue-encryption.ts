import { cloudCheck, fail, isEmpty, isOff } from '../cloud-define.js';

/** AWS-0096: Unencrypted SQS queue. */
export const aws0096 = cloudCheck({
  id: 'AWS-0096',
  aliases: ['AVD-AWS-0096', 'enable-queue-encryption', 'aws-sqs-enable-queue-encryption'],
  namespace: 'builtin.aws.sqs.aws0096',
  title: 'Unencrypted SQS queue.',
  severity: 'HIGH',
  description: 'Messages of an unencrypted SQS queue are stored in clear.',
  resolution: 'Set kms_master_key_id or sqs_managed_sse_enabled = true (CloudFormation: KmsMasterKeyId / SqsManagedSseEnabled).',
  references: ['https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html'],
  provider: 'AWS',
  service: 'sqs',
  check: (state) =>
    state.aws.sqs.queues.filter((queue) => isEmpty(queue.kmsKeyId) && isOff(queue.managedSse)).map((queue) => fail(queue.loc, 'Queue is not encrypted')),
});
