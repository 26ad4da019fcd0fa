import { cloudCheck, fail } from '../cloud-define.js';

/** AZU-0007: Storage containers in blob storage mode should not have public access. */
export const azu0007 = cloudCheck({
  id: 'AZU-0007',
  aliases: ['AVD-AZU-0007', 'no-public-access', 'azure-storage-no-public-access'],
  namespace: 'builtin.azure.storage.azure0007',
  title: 'Storage containers in blob storage mode should not have public access',
  severity: 'HIGH',
  description: 'A container with blob or container access level can be read anonymously from the internet.',
  resolution: 'Set container_access_type = "private".',
  references: ['https://docs.microsoft.com/en-us/azure/storage/blobs/anonymous-read-access-configure?tabs=portal#set-the-public-access-level-for-a-container'],
  provider: 'Azure',
  service: 'storage',
  check: (state) =>
    state.azure.storage.containers.filter((container) => !container.publicAccess.unknown && ['blob', 'container'].includes(container.publicAccess.value.toLowerCase())).map((container) => fail(container.publicAccess.loc, 'Container allows public access')),
});
