import { cloudCheck, fail, isOff } from '../cloud-define.js';

/** AWS-0026: EBS volumes must be encrypted. */
export const aws0026 = cloudCheck({
  id: 'AWS-0026',
  aliases: ['AVD-AWS-0026', 'enable-volume-encryption', 'aws-ebs-enable-volume-encryption', 'aws-ec2-enable-volume-encryption'],
  namespace: 'builtin.aws.ec2.aws0026',
  title: 'EBS volumes must be encrypted',
  severity: 'HIGH',
  description: 'An unencrypted EBS volume leaves data, and its snapshots, readable to anyone who gets the disk.',
  resolution: 'Set encrypted = true on the volume (CloudFormation: Encrypted: true).',
  references: ['https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/EBSEncryption.html'],
  provider: 'AWS',
  service: 'ec2',
  check: (state) =>
    state.aws.ec2.volumes.filter((volume) => isOff(volume.encrypted)).map((volume) => fail(volume.encrypted.loc, 'EBS volume is not encrypted')),
});
