/** Terraform → Azure: storage accounts (network rules), blob containers and network security rules. */
import { parsePortRange } from '../net.js';
import type { NsgRule, StorageAccount, StorageContainer } from '../state.js';
import { def } from '../state.js';
import type { EvalBlock } from '../../terraform/blocks.js';
import type { TerraformProject } from '../../terraform/project.js';
import { refersTo } from '../../terraform/references.js';
import { toTfString } from '../../terraform/values.js';
import { TfResource } from './read.js';

/** `azurerm_storage_account` with inline and separate network rules (separate rules of other accounts: an account of their own). */
export function adaptStorageAccounts(project: TerraformProject): StorageAccount[] {
  const separateRules = project.resources('azurerm_storage_account_network_rules');
  const accounts = project.resources('azurerm_storage_account');
  const attached = new Set<EvalBlock>();
  const adapted = accounts.map((block) => {
    const r = new TfResource(block);
    const https = r.has('https_traffic_only_enabled') ? r.bool('https_traffic_only_enabled', true) : r.bool('enable_https_traffic_only', true);
    const networkRules = [
      ...block.childBlocks('network_rules').map((b) => ({ loc: r.loc(b.span), defaultAction: r.str('default_action', 'Allow', b) })),
      ...separateRules
        .filter((rules) => refersTo(rules, 'storage_account_id', block) || refersTo(rules, 'storage_account_name', block))
        .map((rules) => {
          attached.add(rules);
          const rr = new TfResource(rules);
          return { loc: rr.loc(), defaultAction: rr.str('default_action', 'Allow') };
        }),
    ];
    return { loc: r.loc(), httpsOnly: https, minTls: r.str('min_tls_version', 'TLS1_2'), defaultActionDeny: undefined, networkRules };
  });
  // network rules of accounts outside the configuration: an account of their own, with defaults
  for (const rules of separateRules.filter((b) => !attached.has(b))) {
    const rr = new TfResource(rules);
    adapted.push({ loc: rr.loc(), httpsOnly: def(true, rr.loc()), minTls: def('TLS1_2', rr.loc()), defaultActionDeny: undefined, networkRules: [{ loc: rr.loc(), defaultAction: rr.str('default_action', 'Allow') }] });
  }
  return adapted;
}

/** `azurerm_storage_container`. */
export function adaptStorageContainers(project: TerraformProject): StorageContainer[] {
  return project.resources('azurerm_storage_container').map((block) => {
    const r = new TfResource(block);
    return { loc: r.loc(), publicAccess: r.str('container_access_type', 'private') };
  });
}

function nsgRule(r: TfResource, block: EvalBlock): NsgRule {
  const direction = (toTfString(block.value('direction') ?? null) ?? '').toLowerCase();
  const access = r.str('access', '', block);
  const plural = (single: string, many: string) => [...r.strList(single, block), ...r.strList(many, block)];
  const portValues = plural('destination_port_range', 'destination_port_ranges');
  return {
    loc: r.loc(block.span),
    outbound: direction === 'outbound',
    allow: { ...access, value: access.value.toLowerCase() === 'allow' },
    sources: plural('source_address_prefix', 'source_address_prefixes'),
    destinations: plural('destination_address_prefix', 'destination_address_prefixes'),
    ports: portValues.map((p) => parsePortRange(p.unknown ? '' : p.value) ?? ([0, 0] as [number, number])),
    portsLoc: portValues[0]?.loc ?? r.loc(block.span),
    protocol: r.str('protocol', '*', block),
  };
}

/** Rules of `azurerm_network_security_group` and `azurerm_network_security_rule`. */
export function adaptNsgRules(project: TerraformProject): NsgRule[] {
  const rules: NsgRule[] = [];
  for (const block of project.resources('azurerm_network_security_group')) {
    const r = new TfResource(block);
    for (const b of block.childBlocks('security_rule')) rules.push(nsgRule(r, b));
  }
  for (const block of project.resources('azurerm_network_security_rule')) rules.push(nsgRule(new TfResource(block), block));
  return rules;
}
