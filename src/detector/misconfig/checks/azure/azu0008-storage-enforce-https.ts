import { cloudCheck, fail, isOff } from '../cloud-define.js';

/** AZU-0008: Storage accounts should be configured to only accept transfers that are over secure connections. */
export const azu0008 = cloudCheck({
  id: 'AZU-0008',
  aliases: ['AVD-AZU-0008', 'enforce-https', 'azure-storage-enforce-https'],
  namespace: 'builtin.azure.storage.azure0008',
  title: 'Storage accounts should be configured to only accept transfers that are over secure connections',
  severity: 'HIGH',
  description: 'Storage accounts that accept plain HTTP send data and keys in clear.',
  resolution: 'Set https_traffic_only_enabled = true (or leave the default).',
  references: ['https://docs.microsoft.com/en-us/azure/storage/common/storage-require-secure-transfer'],
  provider: 'Azure',
  service: 'storage',
  check: (state) =>
    state.azure.storage.accounts.filter((account) => isOff(account.httpsOnly)).map((account) => fail(account.httpsOnly.loc, 'Account does not enforce HTTPS')),
});
