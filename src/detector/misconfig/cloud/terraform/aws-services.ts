/** Terraform → smaller AWS services: EFS, CloudTrail, KMS, ECR, EKS, SNS, SQS. */
import type { CloudTrail, EcrRepository, EfsFileSystem, EksCluster, KmsKey, SnsTopic, SqsQueue } from '../state.js';
import { def, val } from '../state.js';
import type { TerraformProject } from '../../terraform/project.js';
import { referencedBlock, refersTo } from '../../terraform/references.js';
import { TfResource } from './read.js';
import { readPolicy } from './aws-iam.js';

/** `aws_efs_file_system`. */
export function adaptEfs(project: TerraformProject): EfsFileSystem[] {
  return project.resources('aws_efs_file_system').map((block) => {
    const r = new TfResource(block);
    return { loc: r.loc(), encrypted: r.bool('encrypted') };
  });
}

/** `aws_cloudtrail`, with the name of its bucket when it refers to a bucket of the configuration. */
export function adaptCloudTrails(project: TerraformProject): CloudTrail[] {
  return project.resources('aws_cloudtrail').map((block) => {
    const r = new TfResource(block);
    const bucket = referencedBlock(block.attribute('s3_bucket_name'), block);
    const bucketName = bucket?.resourceType === 'aws_s3_bucket' ? new TfResource(bucket).str('bucket') : r.str('s3_bucket_name');
    return {
      loc: r.loc(),
      multiRegion: r.bool('is_multi_region_trail'),
      logValidation: r.bool('enable_log_file_validation'),
      kmsKeyId: r.str('kms_key_id'),
      cloudWatchLogGroupArn: r.str('cloud_watch_logs_group_arn'),
      bucketName,
    };
  });
}

/** `aws_kms_key`. */
export function adaptKmsKeys(project: TerraformProject): KmsKey[] {
  return project.resources('aws_kms_key').map((block) => {
    const r = new TfResource(block);
    return { loc: r.loc(), usage: r.str('key_usage', 'ENCRYPT_DECRYPT'), rotation: r.bool('enable_key_rotation') };
  });
}

/** `aws_ecr_repository` with its `aws_ecr_repository_policy`. */
export function adaptEcrRepositories(project: TerraformProject): EcrRepository[] {
  const repositoryPolicies = project.resources('aws_ecr_repository_policy');
  return project.resources('aws_ecr_repository').map((block) => {
    const r = new TfResource(block);
    const scanning = block.childBlock('image_scanning_configuration');
    const encryption = block.childBlock('encryption_configuration');
    const mutability = r.str('image_tag_mutability', 'MUTABLE');
    return {
      loc: r.loc(),
      scanOnPush: scanning ? r.bool('scan_on_push', false, scanning) : def(false, r.loc()),
      immutableTags: { ...mutability, value: mutability.unknown || mutability.value.startsWith('IMMUTABLE') },
      policies: repositoryPolicies.filter((p) => refersTo(p, 'repository', block)).map((p) => readPolicy(new TfResource(p), p)),
      encryptionType: encryption ? r.str('encryption_type', 'AES256', encryption) : def('AES256', r.loc()),
      kmsKeyId: encryption ? r.str('kms_key', '', encryption) : def('', r.loc()),
    };
  });
}

/** `aws_eks_cluster`: endpoint access (public by default), control plane logging, secrets encryption. */
export function adaptEksClusters(project: TerraformProject): EksCluster[] {
  return project.resources('aws_eks_cluster').map((block) => {
    const r = new TfResource(block);
    const vpc = block.childBlock('vpc_config');
    const logTypes = r.strList('enabled_cluster_log_types');
    const logLoc = block.attribute('enabled_cluster_log_types') ? logTypes[0]?.loc ?? r.loc() : r.loc();
    const logged = (name: string) => (logTypes.some((t) => t.value === name || t.unknown) ? val(true, logLoc) : def(false, logLoc));
    const encryption = block.childBlock('encryption_config');
    const resources = encryption ? r.strList('resources', encryption) : [];
    const provider = encryption?.childBlock('provider');
    return {
      loc: r.loc(),
      publicAccess: vpc ? r.bool('endpoint_public_access', true, vpc) : def(true, r.loc()),
      publicAccessCidrs: vpc && vpc.attribute('public_access_cidrs') ? r.strList('public_access_cidrs', vpc) : [def('0.0.0.0/0', r.loc(vpc?.span))],
      logTypes: { api: logged('api'), audit: logged('audit'), authenticator: logged('authenticator'), controllerManager: logged('controllerManager'), scheduler: logged('scheduler') },
      secretsEncrypted: encryption ? val(resources.some((v) => v.value === 'secrets' || v.unknown), r.loc(encryption.span)) : def(false, r.loc()),
      secretsKmsKeyId: provider ? r.str('key_arn', '', provider) : def('', r.loc()),
    };
  });
}

/** `aws_sns_topic`. */
export function adaptSnsTopics(project: TerraformProject): SnsTopic[] {
  return project.resources('aws_sns_topic').map((block) => {
    const r = new TfResource(block);
    return { loc: r.loc(), kmsKeyId: r.str('kms_master_key_id') };
  });
}

/** `aws_sqs_queue` with its inline policy and the `aws_sqs_queue_policy` resources that name it. */
export function adaptSqsQueues(project: TerraformProject): SqsQueue[] {
  const queuePolicies = project.resources('aws_sqs_queue_policy');
  return project.resources('aws_sqs_queue').map((block) => {
    const r = new TfResource(block);
    const policies = [
      ...(block.attribute('policy') ? [readPolicy(r, block)] : []),
      ...queuePolicies.filter((p) => refersTo(p, 'queue_url', block)).map((p) => readPolicy(new TfResource(p), p)),
    ];
    return { loc: r.loc(), kmsKeyId: r.str('kms_master_key_id'), managedSse: r.bool('sqs_managed_sse_enabled'), policies };
  });
}
