import { cloudCheck, fail, isEmpty, isOff } from '../cloud-define.js';

/** AWS-0039: EKS should have the encryption of secrets enabled. */
export const aws0039 = cloudCheck({
  id: 'AWS-0039',
  aliases: ['AVD-AWS-0039', 'encrypt-secrets', 'aws-eks-encrypt-secrets'],
  namespace: 'builtin.aws.eks.aws0039',
  title: 'EKS should have the encryption of secrets enabled',
  severity: 'HIGH',
  description: 'Without envelope encryption with a KMS key, Kubernetes secrets are stored in etcd with only the default encryption.',
  resolution: 'Add encryption_config { resources = ["secrets"], provider { key_arn = ... } }.',
  references: ['https://aws.amazon.com/about-aws/whats-new/2020/03/amazon-eks-adds-envelope-encryption-for-secrets-with-aws-kms/'],
  provider: 'AWS',
  service: 'eks',
  check: (state) =>
    state.aws.eks.clusters.flatMap((cluster) => {
      if (isOff(cluster.secretsEncrypted)) return [fail(cluster.secretsEncrypted.loc, 'Cluster does not have secret encryption enabled')];
      if (isEmpty(cluster.secretsKmsKeyId)) return [fail(cluster.secretsKmsKeyId.loc, 'Cluster encryption requires a KMS key ARN, which is missing')];
      return [];
    }),
});
