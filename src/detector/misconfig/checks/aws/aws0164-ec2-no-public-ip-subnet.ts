import { cloudCheck, fail, isOn } from '../cloud-define.js';

/** AWS-0164: Instances in a subnet should not receive a public IP address by default. */
export const aws0164 = cloudCheck({
  id: 'AWS-0164',
  aliases: ['AVD-AWS-0164', 'no-public-ip-subnet', 'aws-ec2-no-public-ip-subnet', 'aws-vpc-no-public-ingress-sgr'],
  namespace: 'builtin.aws.ec2.aws0164',
  title: 'Instances in a subnet should not receive a public IP address by default.',
  severity: 'HIGH',
  description: 'A subnet that maps public IPs on launch puts every instance started in it on the internet.',
  resolution: 'Set map_public_ip_on_launch = false (CloudFormation: MapPublicIpOnLaunch: false).',
  references: ['https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-instance-addressing.html#concepts-public-addresses'],
  provider: 'AWS',
  service: 'ec2',
  check: (state) =>
    state.aws.ec2.subnets.filter((subnet) => isOn(subnet.mapPublicIpOnLaunch)).map((subnet) => fail(subnet.mapPublicIpOnLaunch.loc, 'Subnet associates public IP address')),
});
