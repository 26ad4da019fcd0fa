/** Terraform → S3 buckets: `aws_s3_bucket` with its inline blocks or the separate bucket resources. */
import { policyStatements } from '../policy.js';
import type { S3Bucket } from '../state.js';
import { def, val } from '../state.js';
import type { EvalBlock } from '../../terraform/blocks.js';
import type { TerraformProject } from '../../terraform/project.js';
import { refersTo } from '../../terraform/references.js';
import { isUnknown, toTfString } from '../../terraform/values.js';
import { TfResource } from './read.js';

const ALGORITHMS = new Set(['AES256', 'aws:kms', 'aws:kms:dsse']);

/** Adapts every `aws_s3_bucket` of the project. */
export function adaptS3Buckets(project: TerraformProject): S3Bucket[] {
  const related = (type: string) => project.resources(type);
  const pabs = related('aws_s3_bucket_public_access_block');
  const sses = related('aws_s3_bucket_server_side_encryption_configuration');
  const versionings = related('aws_s3_bucket_versioning');
  const loggings = related('aws_s3_bucket_logging');
  const acls = related('aws_s3_bucket_acl');
  const policies = related('aws_s3_bucket_policy');
  return project.resources('aws_s3_bucket').map((block) => {
    const r = new TfResource(block);
    const names = [toTfString(block.value('bucket') ?? null) ?? ''].filter((n) => n !== '');
    const find = (list: EvalBlock[]) => list.find((other) => refersTo(other, 'bucket', block, names));
    const bucket: S3Bucket = {
      loc: r.loc(),
      name: r.str('bucket'),
      acl: def('private', r.loc()),
      logDeliveryGrant: false,
      logDeliveryPolicy: false,
      encryption: { loc: r.loc(), enabled: def(false, r.loc()), algorithm: def('', r.loc()), kmsKeyId: def('', r.loc()) },
      versioning: { loc: r.loc(), enabled: def(false, r.loc()), mfaDelete: def(false, r.loc()) },
      logging: { loc: r.loc(), enabled: def(false, r.loc()) },
    };

    // ACL and grants
    const aclResource = find(acls);
    if (r.has('acl')) bucket.acl = r.str('acl', 'private');
    else if (aclResource) {
      const ar = new TfResource(aclResource);
      if (ar.has('acl')) bucket.acl = ar.str('acl', 'private');
      for (const grant of aclResource.childBlock('access_control_policy')?.childBlocks('grant') ?? []) {
        const uri = toTfString(grant.childBlock('grantee')?.value('uri') ?? null);
        const permission = toTfString(grant.value('permission') ?? null);
        if (uri?.endsWith('/groups/s3/LogDelivery') && (permission === 'WRITE' || permission === 'FULL_CONTROL')) bucket.logDeliveryGrant = true;
      }
    }
    for (const grant of block.childBlocks('grant')) {
      const uri = toTfString(grant.value('uri') ?? null);
      const permissions = grant.value('permissions');
      if (uri?.endsWith('/groups/s3/LogDelivery') && Array.isArray(permissions) && permissions.some((p) => p === 'WRITE' || p === 'FULL_CONTROL')) bucket.logDeliveryGrant = true;
    }
    const inlinePolicy = block.value('policy');
    for (const document of [inlinePolicy, ...policies.filter((p) => refersTo(p, 'bucket', block, names)).map((p) => p.value('policy'))]) {
      const statements = document === undefined || isUnknown(document) ? undefined : policyStatements(document);
      const raw = typeof document === 'string' ? document : '';
      if (statements?.some((s) => s.effect.toLowerCase() === 'allow' && s.actions.some((a) => a.toLowerCase() === 's3:putobject')) && raw.includes('logging.s3.amazonaws.com')) {
        bucket.logDeliveryPolicy = true;
      }
    }

    // encryption
    const sse = block.childBlock('server_side_encryption_configuration');
    const sseResource = sse ? undefined : find(sses);
    const sseBlock = sse ?? sseResource;
    if (sseBlock) {
      const owner = sse ? r : new TfResource(sseResource as EvalBlock);
      const byDefault = sseBlock.nested('rule', 'apply_server_side_encryption_by_default');
      const algorithm = byDefault ? owner.str('sse_algorithm', '', byDefault) : def('', owner.loc(sseBlock.span));
      bucket.encryption = {
        loc: owner.loc(sse ? sse.span : undefined),
        enabled: algorithm.unknown ? { ...algorithm, value: true } : val(ALGORITHMS.has(algorithm.value), algorithm.loc),
        algorithm,
        kmsKeyId: byDefault ? owner.str('kms_master_key_id', '', byDefault) : def('', owner.loc(sseBlock.span)),
      };
    }

    // versioning
    const versioningBlock = block.childBlock('versioning');
    if (versioningBlock) {
      bucket.versioning = { loc: r.loc(versioningBlock.span), enabled: r.bool('enabled', true, versioningBlock), mfaDelete: r.bool('mfa_delete', false, versioningBlock) };
    }
    const versioningResource = find(versionings);
    if (versioningResource) {
      const vr = new TfResource(versioningResource);
      const config = versioningResource.childBlock('versioning_configuration');
      const status = config ? vr.str('status', '', config) : def('', vr.loc());
      const mfa = config ? vr.str('mfa_delete', '', config) : def('', vr.loc());
      bucket.versioning = {
        loc: vr.loc(),
        enabled: { ...status, value: status.unknown || status.value.toLowerCase() === 'enabled' },
        mfaDelete: { ...mfa, value: mfa.unknown || mfa.value.toLowerCase() === 'enabled' },
      };
    }

    // logging
    const loggingBlock = block.childBlock('logging');
    const loggingResource = loggingBlock ? undefined : find(loggings);
    if (loggingBlock) bucket.logging = { loc: r.loc(loggingBlock.span), enabled: val(true, r.loc(loggingBlock.span)) };
    else if (loggingResource) {
      const lr = new TfResource(loggingResource);
      bucket.logging = { loc: lr.loc(), enabled: lr.has('target_bucket') ? val(true, lr.str('target_bucket').loc) : def(false, lr.loc()) };
    }

    // public access block
    const pab = find(pabs);
    if (pab) {
      const pr = new TfResource(pab);
      bucket.publicAccessBlock = {
        loc: pr.loc(),
        blockPublicAcls: pr.bool('block_public_acls'),
        blockPublicPolicy: pr.bool('block_public_policy'),
        ignorePublicAcls: pr.bool('ignore_public_acls'),
        restrictPublicBuckets: pr.bool('restrict_public_buckets'),
      };
    }
    return bucket;
  });
}
