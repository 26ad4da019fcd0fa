import { cloudCheck, fail, isOff } from '../cloud-define.js';

/** AWS-0030: ECR repository has image scans disabled. */
export const aws0030 = cloudCheck({
  id: 'AWS-0030',
  aliases: ['AVD-AWS-0030', 'enable-image-scans', 'aws-ecr-enable-image-scans'],
  namespace: 'builtin.aws.ecr.aws0030',
  title: 'ECR repository has image scans disabled.',
  severity: 'HIGH',
  description: 'Scanning on push reports known vulnerabilities in images as they arrive in the registry.',
  resolution: 'Set image_scanning_configuration { scan_on_push = true } (CloudFormation: ImageScanningConfiguration ScanOnPush: true).',
  references: ['https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html'],
  provider: 'AWS',
  service: 'ecr',
  check: (state) =>
    state.aws.ecr.repositories.filter((repo) => isOff(repo.scanOnPush)).map((repo) => fail(repo.scanOnPush.loc, 'Image scanning is not enabled')),
});
