/** CloudFormation → security groups (inline and separate rules), network ACL entries, instances, subnets. */
import type { CfnTemplate } from '../../cloudformation/template.js';
import type { Ec2Instance, NetworkAclRule, SecurityGroup, SecurityGroupRule, Subnet } from '../state.js';
import { def } from '../state.js';
import { CfnRes } from './read.js';

const PROTOCOLS: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp' };

function sgRule(r: CfnRes, base: Record<string, unknown> | undefined): SecurityGroupRule {
  const where = base ?? r.properties;
  return {
    loc: r.loc(base ? r.linesOf(base) : undefined),
    description: r.str('Description', '', where),
    cidrs: [...r.strList('CidrIp', where), ...r.strList('CidrIpv6', where)],
    fromPort: r.num('FromPort', -1, where),
    toPort: r.num('ToPort', -1, where),
    protocol: r.str('IpProtocol', '-1', where),
  };
}

/** `AWS::EC2::SecurityGroup` with inline rules and the `SecurityGroupIngress`/`Egress` resources that name it (others: groups of their own). */
export function adaptCfnSecurityGroups(template: CfnTemplate): SecurityGroup[] {
  const groups = new Map<string, SecurityGroup>();
  for (const resource of template.ofType('AWS::EC2::SecurityGroup')) {
    const r = new CfnRes(template, resource);
    groups.set(resource.logicalId, {
      loc: r.loc(),
      managed: true,
      description: r.str('GroupDescription'),
      ingress: r.items('SecurityGroupIngress').map((item) => sgRule(r, item)),
      egress: r.items('SecurityGroupEgress').map((item) => sgRule(r, item)),
    });
  }
  const orphans: SecurityGroup[] = [];
  for (const [type, egress] of [['AWS::EC2::SecurityGroupIngress', false], ['AWS::EC2::SecurityGroupEgress', true]] as const) {
    for (const resource of template.ofType(type)) {
      const r = new CfnRes(template, resource);
      const rule = sgRule(r, undefined);
      const group = groups.get(r.refOf('GroupId') ?? r.refOf('GroupName') ?? '');
      if (group) (egress ? group.egress : group.ingress).push(rule);
      else orphans.push({ loc: r.loc(), managed: false, description: def('', r.loc()), ingress: egress ? [] : [rule], egress: egress ? [rule] : [] });
    }
  }
  return [...groups.values(), ...orphans];
}

/** `AWS::EC2::NetworkAclEntry` (protocol numbers as names). */
export function adaptCfnNetworkAclRules(template: CfnTemplate): NetworkAclRule[] {
  return template.ofType('AWS::EC2::NetworkAclEntry').map((resource) => {
    const r = new CfnRes(template, resource);
    const protocol = r.str('Protocol', '-1');
    return {
      loc: r.loc(),
      egress: r.bool('Egress'),
      action: r.str('RuleAction'),
      protocol: { ...protocol, value: PROTOCOLS[protocol.value] ?? protocol.value },
      cidrs: [...r.strList('CidrBlock'), ...r.strList('Ipv6CidrBlock')],
      fromPort: r.num('PortRange.From', -1),
      toPort: r.num('PortRange.To', -1),
    };
  });
}

/** `AWS::EC2::Instance` EBS block device mappings (metadata options live in launch templates: defaults). */
export function adaptCfnInstances(template: CfnTemplate): Ec2Instance[] {
  return template.ofType('AWS::EC2::Instance').map((resource) => {
    const r = new CfnRes(template, resource);
    const devices = r.items('BlockDeviceMappings').filter((m) => r.map('Ebs', m));
    const device = (m: Record<string, unknown>) => ({ loc: r.loc(r.linesOf(m)), encrypted: r.bool('Ebs.Encrypted', false, m) });
    return {
      loc: r.loc(),
      httpTokens: def('optional', r.loc()),
      httpEndpoint: def('enabled', r.loc()),
      rootDevice: undefined,
      ebsDevices: devices.map(device),
    };
  });
}

/** `AWS::EC2::Subnet`. */
export function adaptCfnSubnets(template: CfnTemplate): Subnet[] {
  return template.ofType('AWS::EC2::Subnet').map((resource) => {
    const r = new CfnRes(template, resource);
    return { loc: r.loc(), mapPublicIpOnLaunch: r.bool('MapPublicIpOnLaunch') };
  });
}

