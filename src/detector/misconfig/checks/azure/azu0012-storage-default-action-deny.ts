import { cloudCheck, fail } from '../cloud-define.js';

/** AZU-0012: The default action on Storage account network rules should be set to deny. */
export const azu0012 = cloudCheck({
  id: 'AZU-0012',
  aliases: ['AVD-AZU-0012', 'default-action-deny', 'azure-storage-default-action-deny'],
  namespace: 'builtin.azure.storage.azure0012',
  title: 'The default action on Storage account network rules should be set to deny',
  severity: 'CRITICAL',
  description: 'Network rules that allow by default let any network reach the account; deny by default and allow what is needed.',
  resolution: 'Set default_action = "Deny" in the network rules.',
  references: ['https://docs.microsoft.com/en-us/azure/firewall/rule-processing'],
  provider: 'Azure',
  service: 'storage',
  check: (state) =>
    state.azure.storage.accounts.flatMap((account) => account.networkRules.filter((rules) => !rules.defaultAction.unknown && rules.defaultAction.value.toLowerCase() === 'allow').map((rules) => fail(rules.defaultAction.loc, 'Network rules allow access by default'))),
});
