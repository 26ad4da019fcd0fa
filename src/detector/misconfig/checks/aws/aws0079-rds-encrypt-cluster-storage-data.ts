import { cloudCheck, fail, isEmpty, isOff } from '../cloud-define.js';

/** AWS-0079: There is no encryption specified or encryption is disabled on the RDS Cluster. */
export const aws0079 = cloudCheck({
  id: 'AWS-0079',
  aliases: ['AVD-AWS-0079', 'encrypt-cluster-storage-data', 'aws-rds-encrypt-cluster-storage-data'],
  namespace: 'builtin.aws.rds.aws0079',
  title: 'There is no encryption specified or encryption is disabled on the RDS Cluster.',
  severity: 'HIGH',
  description: 'Unencrypted cluster storage leaves data, backups and snapshots readable to anyone who gets the disks.',
  resolution: 'Set storage_encrypted = true and kms_key_id on the cluster.',
  references: ['https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html'],
  provider: 'AWS',
  service: 'rds',
  check: (state) =>
    state.aws.rds.clusters.flatMap((cluster) => {
      if (isOff(cluster.encrypted)) return [fail(cluster.encrypted.loc, 'Cluster does not have storage encryption enabled')];
      if (isEmpty(cluster.kmsKeyId)) return [fail(cluster.kmsKeyId.loc, 'Cluster does not specify a customer managed key for storage encryption')];
      return [];
    }),
});
