import { cloudCheck, fail, isOff } from '../cloud-define.js';

/** AWS-0037: EFS Encryption has not been enabled. */
export const aws0037 = cloudCheck({
  id: 'AWS-0037',
  aliases: ['AVD-AWS-0037', 'enable-at-rest-encryption', 'aws-efs-enable-at-rest-encryption'],
  namespace: 'builtin.aws.efs.aws0037',
  title: 'EFS Encryption has not been enabled',
  severity: 'HIGH',
  description: 'An unencrypted EFS file system stores its files in clear.',
  resolution: 'Set encrypted = true (CloudFormation: Encrypted: true).',
  references: ['https://docs.aws.amazon.com/efs/latest/ug/encryption.html'],
  provider: 'AWS',
  service: 'efs',
  check: (state) =>
    state.aws.efs.fileSystems.filter((fs) => isOff(fs.encrypted)).map((fs) => fail(fs.encrypted.loc, 'File system is not encrypted')),
});
