import { cloudCheck, fail } from '../cloud-define.js';

/** AWS-0135: SQS queue should be encrypted with a CMK. */
export const aws0135 = cloudCheck({
  id: 'AWS-0135',
  aliases: ['AVD-AWS-0135', 'queue-encryption-use-cmk', 'aws-sqs-queue-encryption-use-cmk'],
  namespace: 'builtin.aws.sqs.aws0135',
  title: 'SQS queue should be encrypted with a CMK.',
  severity: 'HIGH',
  description: 'The AWS-managed SQS key gives no control over key policy or rotation; a customer managed key does.',
  resolution: 'Use a customer managed KMS key instead of alias/aws/sqs.',
  references: ['https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html'],
  provider: 'AWS',
  service: 'sqs',
  check: (state) =>
    state.aws.sqs.queues.filter((queue) => queue.kmsKeyId.value === 'alias/aws/sqs').map((queue) => fail(queue.kmsKeyId.loc, 'Queue is not encrypted with a customer managed key')),
});
