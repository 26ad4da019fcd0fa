import { cloudCheck, fail, isOff } from '../cloud-define.js';

/** AWS-0131: Instance with unencrypted block device. */
export const aws0131 = cloudCheck({
  id: 'AWS-0131',
  aliases: ['AVD-AWS-0131', 'enable-at-rest-encryption', 'aws-ec2-enable-at-rest-encryption'],
  namespace: 'builtin.aws.ec2.aws0131',
  title: 'Instance with unencrypted block device.',
  severity: 'HIGH',
  description: 'Unencrypted instance block devices leave data readable to anyone who gets the disk or a snapshot.',
  resolution: 'Set encrypted = true on root_block_device and every ebs_block_device.',
  references: ['https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/RootDeviceStorage.html'],
  provider: 'AWS',
  service: 'ec2',
  check: (state) =>
    state.aws.ec2.instances.flatMap((instance) => [
      ...(instance.rootDevice && isOff(instance.rootDevice.encrypted) ? [fail(instance.rootDevice.encrypted.loc, 'Root block device is not encrypted')] : []),
      ...instance.ebsDevices.filter((device) => isOff(device.encrypted)).map((device) => fail(device.encrypted.loc, 'EBS block device is not encrypted')),
    ]),
});
