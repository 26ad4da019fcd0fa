import { cloudCheck, fail, isOn } from '../cloud-define.js';

/** AWS-0040: EKS Clusters should have the public access disabled. */
export const aws0040 = cloudCheck({
  id: 'AWS-0040',
  aliases: ['AVD-AWS-0040', 'no-public-cluster-access', 'aws-eks-no-public-cluster-access'],
  namespace: 'builtin.aws.eks.aws0040',
  title: 'EKS Clusters should have the public access disabled',
  severity: 'CRITICAL',
  description: 'A public API endpoint exposes the cluster control plane to the internet.',
  resolution: 'Set vpc_config { endpoint_public_access = false } (CloudFormation: EndpointPublicAccess: false).',
  references: ['https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html'],
  provider: 'AWS',
  service: 'eks',
  check: (state) =>
    state.aws.eks.clusters.filter((cluster) => isOn(cluster.publicAccess)).map((cluster) => fail(cluster.publicAccess.loc, 'Public cluster access is enabled')),
});
