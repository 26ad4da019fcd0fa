import { cloudCheck, fail } from '../cloud-define.js';

/** AZU-0011: The minimum TLS version for Storage Accounts should be TLS1_2 or higher. */
export const azu0011 = cloudCheck({
  id: 'AZU-0011',
  aliases: ['AVD-AZU-0011', 'use-secure-tls-policy', 'azure-storage-use-secure-tls-policy'],
  namespace: 'builtin.azure.storage.azure0011',
  title: 'The minimum TLS version for Storage Accounts should be TLS1_2 or higher',
  severity: 'CRITICAL',
  description: 'TLS 1.0 and 1.1 have known weaknesses; storage accounts should require TLS 1.2 or later.',
  resolution: 'Set min_tls_version = "TLS1_2".',
  references: ['https://docs.microsoft.com/en-us/azure/storage/common/transport-layer-security-configure-minimum-version'],
  provider: 'Azure',
  service: 'storage',
  check: (state) =>
    state.azure.storage.accounts.filter((account) => !account.minTls.unknown && !['TLS1_2', 'TLS1_3'].includes(account.minTls.value)).map((account) => fail(account.minTls.loc, 'Storage account uses an insecure TLS version')),
});
