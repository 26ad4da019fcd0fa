import { cloudCheck, fail } from '../cloud-define.js';

/** AWS-0136: SNS topic not encrypted with CMK. */
export const aws0136 = cloudCheck({
  id: 'AWS-0136',
  aliases: ['AVD-AWS-0136', 'topic-encryption-use-cmk', 'aws-sns-topic-encryption-use-cmk'],
  namespace: 'builtin.aws.sns.aws0136',
  title: 'SNS topic not encrypted with CMK.',
  severity: 'HIGH',
  description: 'The AWS-managed SNS key gives no control over key policy or rotation; a customer managed key does.',
  resolution: 'Use a customer managed KMS key instead of alias/aws/sns.',
  references: ['https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html'],
  provider: 'AWS',
  service: 'sns',
  check: (state) =>
    state.aws.sns.topics.filter((topic) => topic.kmsKeyId.value === 'alias/aws/sns').map((topic) => fail(topic.kmsKeyId.loc, 'Topic encryption does not use a customer managed key')),
});
