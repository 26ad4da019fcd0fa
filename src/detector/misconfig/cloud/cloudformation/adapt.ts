/** CloudFormation → cloud state: every adapter, one line each (AWS only). */
import type { CfnTemplate } from '../../cloudformation/template.js';
import type { CloudState } from '../state.js';
import { emptyState } from '../state.js';
import { adaptCfnInstances, adaptCfnNetworkAclRules, adaptCfnSecurityGroups, adaptCfnSubnets } from './aws-network.js';
import { adaptCfnCloudTrails, adaptCfnEcrRepositories, adaptCfnEksClusters, adaptCfnIamPolicies, adaptCfnKmsKeys, adaptCfnSnsTopics, adaptCfnSqsQueues } from './aws-services.js';
import { adaptCfnEfs, adaptCfnRdsClusters, adaptCfnRdsInstances, adaptCfnS3Buckets, adaptCfnVolumes } from './aws-storage.js';

/** The cloud state of one template. */
export function adaptCloudFormation(template: CfnTemplate): CloudState {
  const state = emptyState();
  state.aws.s3.buckets = adaptCfnS3Buckets(template);
  state.aws.ec2.securityGroups = adaptCfnSecurityGroups(template);
  state.aws.ec2.networkAclRules = adaptCfnNetworkAclRules(template);
  state.aws.ec2.instances = adaptCfnInstances(template);
  state.aws.ec2.volumes = adaptCfnVolumes(template);
  state.aws.ec2.subnets = adaptCfnSubnets(template);
  state.aws.rds.instances = adaptCfnRdsInstances(template);
  state.aws.rds.clusters = adaptCfnRdsClusters(template);
  state.aws.efs.fileSystems = adaptCfnEfs(template);
  state.aws.iam.policies = adaptCfnIamPolicies(template);
  state.aws.cloudtrail.trails = adaptCfnCloudTrails(template);
  state.aws.kms.keys = adaptCfnKmsKeys(template);
  state.aws.ecr.repositories = adaptCfnEcrRepositories(template);
  state.aws.eks.clusters = adaptCfnEksClusters(template);
  state.aws.sns.topics = adaptCfnSnsTopics(template);
  state.aws.sqs.queues = adaptCfnSqsQueues(template);
  return state;
}
