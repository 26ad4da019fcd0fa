import { cloudCheck, fail, isOff } from '../cloud-define.js';

/** AWS-0065: A KMS key is not configured to auto-rotate. */
export const aws0065 = cloudCheck({
  id: 'AWS-0065',
  aliases: ['AVD-AWS-0065', 'auto-rotate-keys', 'aws-kms-auto-rotate-keys'],
  namespace: 'builtin.aws.kms.aws0065',
  title: 'A KMS key is not configured to auto-rotate.',
  severity: 'MEDIUM',
  description: 'Rotating keys limits how much data one key protects and how long a leaked key is useful.',
  resolution: 'Set enable_key_rotation = true (CloudFormation: EnableKeyRotation: true).',
  references: ['https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html'],
  provider: 'AWS',
  service: 'kms',
  check: (state) =>
    state.aws.kms.keys.filter((key) => key.usage.value !== 'SIGN_VERIFY' && isOff(key.rotation)).map((key) => fail(key.rotation.loc, 'Key does not have rotation enabled')),
});
