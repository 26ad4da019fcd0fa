/** CloudFormation → IAM policies, CloudTrail, KMS, ECR, EKS, SNS and SQS. */
import { ResourceRef } from '../../cloudformation/template.js';
import type { CfnTemplate } from '../../cloudformation/template.js';
import { policyStatements } from '../policy.js';
import type { CloudTrail, EcrRepository, EksCluster, IamPolicy, KmsKey, SnsTopic, SqsQueue } from '../state.js';
import { def, val } from '../state.js';
import { MANAGED_POLICIES } from '../terraform/aws-iam.js';
import { CfnRes } from './read.js';

function policyAt(r: CfnRes, path: string, base?: Record<string, unknown>): IamPolicy {
  const { value, lines } = r.at(path, base ?? r.properties);
  const loc = r.loc(lines);
  return { loc, statements: policyStatements(value), document: val(typeof value === 'string' ? value : JSON.stringify(value ?? null), loc), builtin: false };
}

/** `AWS::IAM::Policy`/`ManagedPolicy` documents, inline policies of roles, users and groups, and known AWS-managed policy ARNs. */
export function adaptCfnIamPolicies(template: CfnTemplate): IamPolicy[] {
  const policies: IamPolicy[] = [];
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const resource of template.ofType(type)) policies.push(policyAt(new CfnRes(template, resource), 'PolicyDocument'));
  }
  for (const type of ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group']) {
    for (const resource of template.ofType(type)) {
      const r = new CfnRes(template, resource);
      for (const item of r.items('Policies')) policies.push(policyAt(r, 'PolicyDocument', item));
      for (const arn of r.strList('ManagedPolicyArns')) {
        const statements = MANAGED_POLICIES[arn.value];
        if (statements) policies.push({ loc: arn.loc, statements, document: def('', r.loc()), builtin: true });
      }
    }
  }
  return policies;
}

/** `AWS::CloudTrail::Trail`, with the name of its bucket when it refers to one of the template. */
export function adaptCfnCloudTrails(template: CfnTemplate): CloudTrail[] {
  return template.ofType('AWS::CloudTrail::Trail').map((resource) => {
    const r = new CfnRes(template, resource);
    const bucketRef = r.refOf('S3BucketName');
    const bucket = bucketRef ? template.resources.find((x) => x.logicalId === bucketRef) : undefined;
    return {
      loc: r.loc(),
      multiRegion: r.bool('IsMultiRegionTrail'),
      logValidation: r.bool('EnableLogFileValidation'),
      kmsKeyId: r.str('KMSKeyId'),
      cloudWatchLogGroupArn: r.str('CloudWatchLogsLogGroupArn'),
      bucketName: bucket ? new CfnRes(template, bucket).str('BucketName', bucket.logicalId) : r.str('S3BucketName'),
    };
  });
}

/** `AWS::KMS::Key`. */
export function adaptCfnKmsKeys(template: CfnTemplate): KmsKey[] {
  return template.ofType('AWS::KMS::Key').map((resource) => {
    const r = new CfnRes(template, resource);
    return { loc: r.loc(), usage: r.str('KeyUsage', 'ENCRYPT_DECRYPT'), rotation: r.bool('EnableKeyRotation') };
  });
}

/** `AWS::ECR::Repository` with its repository policy. */
export function adaptCfnEcrRepositories(template: CfnTemplate): EcrRepository[] {
  return template.ofType('AWS::ECR::Repository').map((resource) => {
    const r = new CfnRes(template, resource);
    const mutability = r.str('ImageTagMutability', 'MUTABLE');
    return {
      loc: r.loc(),
      scanOnPush: r.bool('ImageScanningConfiguration.ScanOnPush'),
      immutableTags: { ...mutability, value: mutability.unknown || mutability.value.startsWith('IMMUTABLE') },
      policies: r.has('RepositoryPolicyText') ? [policyAt(r, 'RepositoryPolicyText')] : [],
      encryptionType: r.str('EncryptionConfiguration.EncryptionType', 'AES256'),
      kmsKeyId: r.str('EncryptionConfiguration.KmsKey'),
    };
  });
}

/** `AWS::EKS::Cluster`: endpoint access, control plane logging, secrets encryption. */
export function adaptCfnEksClusters(template: CfnTemplate): EksCluster[] {
  return template.ofType('AWS::EKS::Cluster').map((resource) => {
    const r = new CfnRes(template, resource);
    const types = r.items('Logging.ClusterLogging.EnabledTypes').map((item) => r.str('Type', '', item));
    const logLoc = types[0]?.loc ?? r.loc();
    const logged = (name: string) => (types.some((t) => t.value === name || t.unknown) ? val(true, logLoc) : def(false, logLoc));
    const encryption = r.items('EncryptionConfig');
    const secrets = encryption.find((item) => r.strList('Resources', item).some((v) => v.value === 'secrets'));
    return {
      loc: r.loc(),
      publicAccess: r.bool('ResourcesVpcConfig.EndpointPublicAccess', true),
      publicAccessCidrs: r.has('ResourcesVpcConfig.PublicAccessCidrs') ? r.strList('ResourcesVpcConfig.PublicAccessCidrs') : [def('0.0.0.0/0', r.loc())],
      logTypes: { api: logged('api'), audit: logged('audit'), authenticator: logged('authenticator'), controllerManager: logged('controllerManager'), scheduler: logged('scheduler') },
      secretsEncrypted: secrets ? val(true, r.loc(r.linesOf(secrets))) : def(false, r.loc()),
      secretsKmsKeyId: secrets ? r.str('Provider.KeyArn', '', secrets) : def('', r.loc()),
    };
  });
}

/** `AWS::SNS::Topic`. */
export function adaptCfnSnsTopics(template: CfnTemplate): SnsTopic[] {
  return template.ofType('AWS::SNS::Topic').map((resource) => {
    const r = new CfnRes(template, resource);
    return { loc: r.loc(), kmsKeyId: r.str('KmsMasterKeyId') };
  });
}

/** `AWS::SQS::Queue` with the `AWS::SQS::QueuePolicy` documents that name it. */
export function adaptCfnSqsQueues(template: CfnTemplate): SqsQueue[] {
  const queuePolicies = template.ofType('AWS::SQS::QueuePolicy');
  return template.ofType('AWS::SQS::Queue').map((resource) => {
    const r = new CfnRes(template, resource);
    const policies = queuePolicies
      .filter((p) => {
        const queues = template.resolve(p.properties.Queues);
        return Array.isArray(queues) && queues.some((q) => q instanceof ResourceRef && q.logicalId === resource.logicalId);
      })
      .map((p) => policyAt(new CfnRes(template, p), 'PolicyDocument'));
    return { loc: r.loc(), kmsKeyId: r.str('KmsMasterKeyId'), managedSse: r.bool('SqsManagedSseEnabled'), policies };
  });
}
