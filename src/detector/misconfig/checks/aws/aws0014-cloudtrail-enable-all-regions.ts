import { cloudCheck, fail, isOff } from '../cloud-define.js';

/** AWS-0014: Cloudtrail should be enabled in all regions regardless of where your AWS resources are generally homed. */
export const aws0014 = cloudCheck({
  id: 'AWS-0014',
  aliases: ['AVD-AWS-0014', 'enable-all-regions', 'aws-cloudtrail-enable-all-regions'],
  namespace: 'builtin.aws.cloudtrail.aws0014',
  title: 'Cloudtrail should be enabled in all regions regardless of where your AWS resources are generally homed',
  severity: 'MEDIUM',
  description: 'A trail limited to one region misses activity in the others, where an attacker may act unnoticed.',
  resolution: 'Set is_multi_region_trail = true (CloudFormation: IsMultiRegionTrail: true).',
  references: ['https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html'],
  provider: 'AWS',
  service: 'cloudtrail',
  check: (state) =>
    state.aws.cloudtrail.trails.filter((trail) => isOff(trail.multiRegion)).map((trail) => fail(trail.multiRegion.loc, 'Trail is not enabled across all regions')),
});
