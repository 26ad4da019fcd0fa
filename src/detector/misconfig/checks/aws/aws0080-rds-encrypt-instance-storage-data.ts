import { cloudCheck, fail, isEmpty, isOff } from '../cloud-define.js';

/** AWS-0080: RDS encryption has not been enabled at a DB Instance level. */
export const aws0080 = cloudCheck({
  id: 'AWS-0080',
  aliases: ['AVD-AWS-0080', 'encrypt-instance-storage-data', 'aws-rds-encrypt-instance-storage-data'],
  namespace: 'builtin.aws.rds.aws0080',
  title: 'RDS encryption has not been enabled at a DB Instance level.',
  severity: 'HIGH',
  description: 'Unencrypted database storage leaves data, backups and snapshots readable to anyone who gets the disks.',
  resolution: 'Set storage_encrypted = true (CloudFormation: StorageEncrypted: true).',
  references: ['https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html'],
  provider: 'AWS',
  service: 'rds',
  check: (state) =>
    state.aws.rds.instances.filter((instance) => !instance.inCluster && isEmpty(instance.replicationSource) && isOff(instance.encrypted)).map((instance) => fail(instance.encrypted.loc, 'Instance does not have storage encryption enabled')),
});
