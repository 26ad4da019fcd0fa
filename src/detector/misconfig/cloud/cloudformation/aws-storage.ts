/** CloudFormation → S3 buckets, EFS file systems, EBS volumes, RDS instances and clusters. */
import type { CfnTemplate } from '../../cloudformation/template.js';
import type { EbsVolume, EfsFileSystem, RdsCluster, RdsInstance, S3Bucket } from '../state.js';
import { def, val } from '../state.js';
import { CfnRes } from './read.js';

const ALGORITHMS = new Set(['AES256', 'aws:kms', 'aws:kms:dsse']);
const CANNED_ACLS: Record<string, string> = {
  Private: 'private',
  PublicRead: 'public-read',
  PublicReadWrite: 'public-read-write',
  AuthenticatedRead: 'authenticated-read',
  LogDeliveryWrite: 'log-delivery-write',
  BucketOwnerRead: 'bucket-owner-read',
  BucketOwnerFullControl: 'bucket-owner-full-control',
  AwsExecRead: 'aws-exec-read',
};

/** `AWS::S3::Bucket`: canned ACL, encryption, versioning, logging, public access block. */
export function adaptCfnS3Buckets(template: CfnTemplate): S3Bucket[] {
  return template.ofType('AWS::S3::Bucket').map((resource) => {
    const r = new CfnRes(template, resource);
    const acl = r.str('AccessControl', 'Private');
    const rules = r.items('BucketEncryption.ServerSideEncryptionConfiguration');
    const rule = rules[0];
    const algorithm = rule ? r.str('ServerSideEncryptionByDefault.SSEAlgorithm', '', rule) : def('', r.loc());
    const status = r.str('VersioningConfiguration.Status', 'Suspended');
    const pab = r.map('PublicAccessBlockConfiguration');
    return {
      loc: r.loc(),
      name: r.str('BucketName'),
      acl: { ...acl, value: CANNED_ACLS[acl.value] ?? acl.value.toLowerCase() },
      logDeliveryGrant: false,
      logDeliveryPolicy: false,
      encryption: {
        loc: rule ? r.loc(r.linesOf(rule)) : r.loc(),
        enabled: algorithm.unknown ? { ...algorithm, value: true } : rule ? val(ALGORITHMS.has(algorithm.value), algorithm.loc) : def(false, r.loc()),
        algorithm,
        kmsKeyId: rule ? r.str('ServerSideEncryptionByDefault.KMSMasterKeyID', '', rule) : def('', r.loc()),
      },
      versioning: { loc: r.loc(), enabled: { ...status, value: status.unknown || status.value === 'Enabled' }, mfaDelete: def(false, r.loc()) },
      logging: { loc: r.loc(), enabled: r.has('LoggingConfiguration') ? val(true, r.loc(r.linesOf(r.map('LoggingConfiguration')))) : def(false, r.loc()) },
      ...(pab
        ? {
            publicAccessBlock: {
              loc: r.loc(r.linesOf(pab)),
              blockPublicAcls: r.bool('BlockPublicAcls', false, pab),
              blockPublicPolicy: r.bool('BlockPublicPolicy', false, pab),
              ignorePublicAcls: r.bool('IgnorePublicAcls', false, pab),
              restrictPublicBuckets: r.bool('RestrictPublicBuckets', false, pab),
            },
          }
        : {}),
    };
  });
}

/** `AWS::EFS::FileSystem`. */
export function adaptCfnEfs(template: CfnTemplate): EfsFileSystem[] {
  return template.ofType('AWS::EFS::FileSystem').map((resource) => {
    const r = new CfnRes(template, resource);
    return { loc: r.loc(), encrypted: r.bool('Encrypted') };
  });
}

/** `AWS::EC2::Volume`. */
export function adaptCfnVolumes(template: CfnTemplate): EbsVolume[] {
  return template.ofType('AWS::EC2::Volume').map((resource) => {
    const r = new CfnRes(template, resource);
    return { loc: r.loc(), encrypted: r.bool('Encrypted'), kmsKeyId: r.str('KmsKeyId') };
  });
}

/** `AWS::RDS::DBInstance` (members of a cluster are marked as such). */
export function adaptCfnRdsInstances(template: CfnTemplate): RdsInstance[] {
  return template.ofType('AWS::RDS::DBInstance').map((resource) => {
    const r = new CfnRes(template, resource);
    return {
      loc: r.loc(),
      publicAccess: r.bool('PubliclyAccessible'),
      encrypted: r.bool('StorageEncrypted'),
      backupRetention: r.num('BackupRetentionPeriod', 1),
      inCluster: r.has('DBClusterIdentifier'),
      replicationSource: r.str('SourceDBInstanceIdentifier'),
    };
  });
}

/** `AWS::RDS::DBCluster`. */
export function adaptCfnRdsClusters(template: CfnTemplate): RdsCluster[] {
  return template.ofType('AWS::RDS::DBCluster').map((resource) => {
    const r = new CfnRes(template, resource);
    return { loc: r.loc(), encrypted: r.bool('StorageEncrypted'), kmsKeyId: r.str('KmsKeyId'), backupRetention: r.num('BackupRetentionPeriod', 1), engineMode: r.str('EngineMode', 'provisioned') };
  });
}
