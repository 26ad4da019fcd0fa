import { cloudCheck, fail, isOn } from '../cloud-define.js';
import { allowsAllIps } from '../../cloud/net.js';

/** AWS-0041: EKS cluster should not have open CIDR range for public access. */
export const aws0041 = cloudCheck({
  id: 'AWS-0041',
  aliases: ['AVD-AWS-0041', 'no-public-cluster-access-to-cidr', 'aws-eks-no-public-cluster-access-to-cidr'],
  namespace: 'builtin.aws.eks.aws0041',
  title: 'EKS cluster should not have open CIDR range for public access',
  severity: 'CRITICAL',
  description: 'A public endpoint open to every address exposes the control plane to the whole internet.',
  resolution: 'Limit public_access_cidrs to the ranges that need the API, or disable public access.',
  references: ['https://docs.aws.amazon.com/eks/latest/userguide/create-public-private-vpc.html'],
  provider: 'AWS',
  service: 'eks',
  check: (state) =>
    state.aws.eks.clusters.filter((cluster) => isOn(cluster.publicAccess)).flatMap((cluster) => cluster.publicAccessCidrs.filter((cidr) => !cidr.unknown && allowsAllIps(cidr.value)).map((cidr) => fail(cidr.loc, `Cluster allows access from a public CIDR: ${cidr.value}`))),
});
