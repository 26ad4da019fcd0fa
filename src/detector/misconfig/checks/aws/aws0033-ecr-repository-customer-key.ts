import { cloudCheck, fail, isEmpty } from '../cloud-define.js';

/** AWS-0033: ECR Repository should use customer managed keys to allow more control. */
export const aws0033 = cloudCheck({
  id: 'AWS-0033',
  aliases: ['AVD-AWS-0033', 'repository-customer-key', 'aws-ecr-repository-customer-key'],
  namespace: 'builtin.aws.ecr.aws0033',
  title: 'ECR Repository should use customer managed keys to allow more control',
  severity: 'LOW',
  description: 'Images encrypted with a customer managed KMS key can only be read by principals the key policy allows.',
  resolution: 'Set encryption_configuration { encryption_type = "KMS", kms_key = ... }.',
  references: ['https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html'],
  provider: 'AWS',
  service: 'ecr',
  check: (state) =>
    state.aws.ecr.repositories.flatMap((repo) => {
      if (!repo.encryptionType.unknown && repo.encryptionType.value !== 'KMS') return [fail(repo.encryptionType.loc, 'Repository is not encrypted using KMS')];
      if (isEmpty(repo.kmsKeyId)) return [fail(repo.kmsKeyId.loc, 'Repository encryption does not use a customer managed KMS key')];
      return [];
    }),
});
