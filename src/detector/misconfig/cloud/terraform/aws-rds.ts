/** Terraform → RDS instances (`aws_db_instance`, `aws_rds_cluster_instance`) and clusters (`aws_rds_cluster`). */
import type { RdsCluster, RdsInstance } from '../state.js';
import { def } from '../state.js';
import type { TerraformProject } from '../../terraform/project.js';
import { TfResource } from './read.js';

/** `aws_db_instance` and `aws_rds_cluster_instance` (cluster members take encryption and backups from the cluster). */
export function adaptRdsInstances(project: TerraformProject): RdsInstance[] {
  const standalone = project.resources('aws_db_instance').map((block): RdsInstance => {
    const r = new TfResource(block);
    return {
      loc: r.loc(),
      publicAccess: r.bool('publicly_accessible'),
      encrypted: r.bool('storage_encrypted'),
      backupRetention: r.num('backup_retention_period', 0),
      inCluster: false,
      replicationSource: r.str('replicate_source_db'),
    };
  });
  const members = project.resources('aws_rds_cluster_instance').map((block): RdsInstance => {
    const r = new TfResource(block);
    return {
      loc: r.loc(),
      publicAccess: r.bool('publicly_accessible'),
      encrypted: def(true, r.loc()),
      backupRetention: def(1, r.loc()),
      inCluster: true,
      replicationSource: def('', r.loc()),
    };
  });
  return [...standalone, ...members];
}

/** `aws_rds_cluster`. */
export function adaptRdsClusters(project: TerraformProject): RdsCluster[] {
  return project.resources('aws_rds_cluster').map((block) => {
    const r = new TfResource(block);
    return {
      loc: r.loc(),
      encrypted: r.bool('storage_encrypted'),
      kmsKeyId: r.str('kms_key_id'),
      backupRetention: r.num('backup_retention_period', 1),
      engineMode: r.str('engine_mode', 'provisioned'),
    };
  });
}
