/** Terraform → EC2: security groups and their rules, network ACL rules, instances, volumes, subnets, default VPCs. */
import type { BlockDevice, Ec2Instance, EbsVolume, NetworkAclRule, SecurityGroup, SecurityGroupRule, Subnet } from '../state.js';
import { def } from '../state.js';
import type { EvalBlock } from '../../terraform/blocks.js';
import type { TerraformProject } from '../../terraform/project.js';
import { refersTo } from '../../terraform/references.js';
import { toTfString } from '../../terraform/values.js';
import { TfResource } from './read.js';

function rule(r: TfResource, block: EvalBlock, cidrNames: string[], protocolName = 'protocol'): SecurityGroupRule {
  return {
    loc: r.loc(block.span),
    description: r.str('description', '', block),
    cidrs: cidrNames.flatMap((name) => r.strList(name, block)),
    fromPort: r.num('from_port', -1, block),
    toPort: r.num('to_port', -1, block),
    protocol: r.str(protocolName, '-1', block),
  };
}

/** Security groups with inline rules and the rules of `aws_security_group_rule` / `aws_vpc_security_group_*_rule`. */
export function adaptSecurityGroups(project: TerraformProject): SecurityGroup[] {
  const groups = new Map<EvalBlock, SecurityGroup>();
  for (const block of project.resources('aws_security_group')) {
    const r = new TfResource(block);
    groups.set(block, {
      loc: r.loc(),
      managed: true,
      description: r.str('description', 'Managed by Terraform'),
      ingress: block.childBlocks('ingress').map((b) => rule(r, b, ['cidr_blocks', 'ipv6_cidr_blocks'])),
      egress: block.childBlocks('egress').map((b) => rule(r, b, ['cidr_blocks', 'ipv6_cidr_blocks'])),
    });
  }
  const orphans: SecurityGroup[] = [];
  const attach = (block: EvalBlock, egress: boolean, adapted: SecurityGroupRule) => {
    const owner = [...groups.keys()].find((group) => refersTo(block, 'security_group_id', group, [toTfString(group.value('id') ?? null) ?? '']));
    const group = owner ? groups.get(owner) : undefined;
    if (group) (egress ? group.egress : group.ingress).push(adapted);
    else {
      const r = new TfResource(block);
      orphans.push({ loc: r.loc(), managed: false, description: def('', r.loc()), ingress: egress ? [] : [adapted], egress: egress ? [adapted] : [] });
    }
  };
  for (const block of project.resources('aws_security_group_rule')) {
    const r = new TfResource(block);
    attach(block, toTfString(block.value('type') ?? null) === 'egress', rule(r, block, ['cidr_blocks', 'ipv6_cidr_blocks']));
  }
  for (const [type, egress] of [['aws_vpc_security_group_ingress_rule', false], ['aws_vpc_security_group_egress_rule', true]] as const) {
    for (const block of project.resources(type)) {
      const r = new TfResource(block);
      attach(block, egress, rule(r, block, ['cidr_ipv4', 'cidr_ipv6'], 'ip_protocol'));
    }
  }
  return [...groups.values(), ...orphans];
}

/** Network ACL rules: `aws_network_acl_rule` and inline `ingress`/`egress` of `aws_network_acl`. */
export function adaptNetworkAclRules(project: TerraformProject): NetworkAclRule[] {
  const rules: NetworkAclRule[] = project.resources('aws_network_acl_rule').map((block) => {
    const r = new TfResource(block);
    return {
      loc: r.loc(),
      egress: r.bool('egress'),
      action: r.str('rule_action'),
      protocol: r.str('protocol', '-1'),
      cidrs: [...r.strList('cidr_block'), ...r.strList('ipv6_cidr_block')],
      fromPort: r.num('from_port', -1),
      toPort: r.num('to_port', -1),
    };
  });
  for (const block of project.resources('aws_network_acl')) {
    const r = new TfResource(block);
    for (const [type, egress] of [['ingress', false], ['egress', true]] as const) {
      for (const b of block.childBlocks(type)) {
        rules.push({
          loc: r.loc(b.span),
          egress: def(egress, r.loc(b.span)),
          action: r.str('action', '', b),
          protocol: r.str('protocol', '-1', b),
          cidrs: [...r.strList('cidr_block', b), ...r.strList('ipv6_cidr_block', b)],
          fromPort: r.num('from_port', -1, b),
          toPort: r.num('to_port', -1, b),
        });
      }
    }
  }
  return rules;
}

/** `aws_instance`: metadata options and block devices. */
export function adaptInstances(project: TerraformProject): Ec2Instance[] {
  return project.resources('aws_instance').map((block) => {
    const r = new TfResource(block);
    const metadata = block.childBlock('metadata_options');
    const device = (b: EvalBlock): BlockDevice => ({ loc: r.loc(b.span), encrypted: r.bool('encrypted', false, b) });
    const root = block.childBlock('root_block_device');
    return {
      loc: r.loc(),
      httpTokens: metadata ? r.str('http_tokens', 'optional', metadata) : def('optional', r.loc()),
      httpEndpoint: metadata ? r.str('http_endpoint', 'enabled', metadata) : def('enabled', r.loc()),
      rootDevice: root ? device(root) : { loc: r.loc(), encrypted: def(false, r.loc()) },
      ebsDevices: block.childBlocks('ebs_block_device').map(device),
    };
  });
}

/** `aws_ebs_volume`. */
export function adaptVolumes(project: TerraformProject): EbsVolume[] {
  return project.resources('aws_ebs_volume').map((block) => {
    const r = new TfResource(block);
    return { loc: r.loc(), encrypted: r.bool('encrypted'), kmsKeyId: r.str('kms_key_id') };
  });
}

/** `aws_subnet`. */
export function adaptSubnets(project: TerraformProject): Subnet[] {
  return project.resources('aws_subnet').map((block) => {
    const r = new TfResource(block);
    return { loc: r.loc(), mapPublicIpOnLaunch: r.bool('map_public_ip_on_launch') };
  });
}

/** `aws_default_vpc` resources. */
export function adaptDefaultVpcs(project: TerraformProject): { loc: ReturnType<TfResource['loc']> }[] {
  return project.resources('aws_default_vpc').map((block) => ({ loc: new TfResource(block).loc() }));
}
