import { cloudCheck, fail, isEmpty } from '../cloud-define.js';

/** AWS-0095: Unencrypted SNS topic. */
export const aws0095 = cloudCheck({
  id: 'AWS-0095',
  aliases: ['AVD-AWS-0095', 'enable-topic-encryption', 'aws-sns-enable-topic-encryption'],
  namespace: 'builtin.aws.sns.aws0095',
  title: 'Unencrypted SNS topic.',
  severity: 'HIGH',
  description: 'Messages of an unencrypted SNS topic are stored in clear.',
  resolution: 'Set kms_master_key_id (CloudFormation: KmsMasterKeyId).',
  references: ['https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html'],
  provider: 'AWS',
  service: 'sns',
  check: (state) =>
    state.aws.sns.topics.filter((topic) => isEmpty(topic.kmsKeyId)).map((topic) => fail(topic.kmsKeyId.loc, 'Topic does not have encryption enabled')),
});
