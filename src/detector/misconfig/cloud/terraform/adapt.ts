/** Terraform → cloud state: every adapter, one line each. */
import type { CloudState } from '../state.js';
import { emptyState } from '../state.js';
import type { TerraformProject } from '../../terraform/project.js';
import { adaptDefaultVpcs, adaptInstances, adaptNetworkAclRules, adaptSecurityGroups, adaptSubnets, adaptVolumes } from './aws-ec2.js';
import { adaptIamPolicies } from './aws-iam.js';
import { adaptRdsClusters, adaptRdsInstances } from './aws-rds.js';
import { adaptS3Buckets } from './aws-s3.js';
import { adaptCloudTrails, adaptEcrRepositories, adaptEfs, adaptEksClusters, adaptKmsKeys, adaptSnsTopics, adaptSqsQueues } from './aws-services.js';
import { adaptNsgRules, adaptStorageAccounts, adaptStorageContainers } from './azure.js';
import { adaptFirewallRules, adaptGcsBuckets } from './google.js';

/** The cloud state of a Terraform project. */
export function adaptTerraform(project: TerraformProject): CloudState {
  const state = emptyState();
  state.aws.s3.buckets = adaptS3Buckets(project);
  state.aws.ec2.securityGroups = adaptSecurityGroups(project);
  state.aws.ec2.networkAclRules = adaptNetworkAclRules(project);
  state.aws.ec2.instances = adaptInstances(project);
  state.aws.ec2.volumes = adaptVolumes(project);
  state.aws.ec2.subnets = adaptSubnets(project);
  state.aws.ec2.defaultVpcs = adaptDefaultVpcs(project);
  state.aws.rds.instances = adaptRdsInstances(project);
  state.aws.rds.clusters = adaptRdsClusters(project);
  state.aws.efs.fileSystems = adaptEfs(project);
  state.aws.iam.policies = adaptIamPolicies(project);
  state.aws.cloudtrail.trails = adaptCloudTrails(project);
  state.aws.kms.keys = adaptKmsKeys(project);
  state.aws.ecr.repositories = adaptEcrRepositories(project);
  state.aws.eks.clusters = adaptEksClusters(project);
  state.aws.sns.topics = adaptSnsTopics(project);
  state.aws.sqs.queues = adaptSqsQueues(project);
  state.google.storage.buckets = adaptGcsBuckets(project);
  state.google.compute.firewallRules = adaptFirewallRules(project);
  state.azure.storage.accounts = adaptStorageAccounts(project);
  state.azure.storage.containers = adaptStorageContainers(project);
  state.azure.network.rules = adaptNsgRules(project);
  return state;
}
