import { cloudCheck, fail, isEmpty } from '../cloud-define.js';

/** AWS-0077: RDS Cluster and RDS instance should have backup retention longer than default 1 day. */
export const aws0077 = cloudCheck({
  id: 'AWS-0077',
  aliases: ['AVD-AWS-0077', 'specify-backup-retention', 'aws-rds-specify-backup-retention'],
  namespace: 'builtin.aws.rds.aws0077',
  title: 'RDS Cluster and RDS instance should have backup retention longer than default 1 day',
  severity: 'MEDIUM',
  description: 'With a one-day backup retention, a problem noticed after a day can no longer be undone from backups.',
  resolution: 'Set backup_retention_period (BackupRetentionPeriod) to more than 1 day.',
  references: ['https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html#USER_WorkingWithAutomatedBackups.BackupRetention'],
  provider: 'AWS',
  service: 'rds',
  check: (state) =>
    [
      ...state.aws.rds.clusters.filter((cluster) => !cluster.backupRetention.unknown && cluster.backupRetention.value < 2).map((cluster) => fail(cluster.backupRetention.loc, 'Cluster has very low backup retention period')),
      ...state.aws.rds.instances
        .filter((instance) => !instance.inCluster && isEmpty(instance.replicationSource) && !instance.backupRetention.unknown && instance.backupRetention.value < 2)
        .map((instance) => fail(instance.backupRetention.loc, 'Instance has very low backup retention period')),
    ],
});
