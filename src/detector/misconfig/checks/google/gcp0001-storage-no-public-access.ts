import { cloudCheck, fail } from '../cloud-define.js';

/** GCP-0001: Ensure that Cloud Storage bucket is not anonymously or publicly accessible. */
export const gcp0001 = cloudCheck({
  id: 'GCP-0001',
  aliases: ['AVD-GCP-0001', 'no-public-access', 'google-storage-no-public-access'],
  namespace: 'builtin.google.storage.google0001',
  title: 'Ensure that Cloud Storage bucket is not anonymously or publicly accessible.',
  severity: 'HIGH',
  description: 'Granting a role to allUsers or allAuthenticatedUsers makes the bucket readable by anyone with (or without) a Google account.',
  resolution: 'Remove allUsers and allAuthenticatedUsers from the bucket IAM bindings.',
  references: ['https://jbrojbrojbro.medium.com/you-make-the-rules-with-authentication-controls-for-cloud-storage-53c32543747b'],
  provider: 'Google',
  service: 'storage',
  check: (state) =>
    state.google.storage.buckets.flatMap((bucket) => bucket.members.filter((m) => m.value === 'allUsers' || m.value === 'allAuthenticatedUsers').map((m) => fail(m.loc, `Bucket allows public access to ${m.value}`))),
});
