import { cloudCheck, fail, isOff } from '../cloud-define.js';
import type { Val } from '../../cloud/state.js';

/** AWS-0038: EKS Clusters should have cluster control plane logging turned on. */
export const aws0038 = cloudCheck({
  id: 'AWS-0038',
  aliases: ['AVD-AWS-0038', 'enable-control-plane-logging', 'aws-eks-enable-control-plane-logging'],
  namespace: 'builtin.aws.eks.aws0038',
  title: 'EKS Clusters should have cluster control plane logging turned on',
  severity: 'MEDIUM',
  description: 'Control plane logs (API, audit, authenticator, controller manager, scheduler) are the record of what happened in the cluster.',
  resolution: 'List every log type in enabled_cluster_log_types (CloudFormation: Logging ClusterLogging EnabledTypes).',
  references: ['https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html'],
  provider: 'AWS',
  service: 'eks',
  check: (state) =>
    state.aws.eks.clusters.flatMap((cluster) =>
      (Object.entries(cluster.logTypes) as [string, Val<boolean>][]).filter(([, enabled]) => isOff(enabled)).map(([name, enabled]) => fail(enabled.loc, `Control plane ${name} logging is not enabled`)),
    ),
});
