import { cloudCheck, fail, isOff } from '../cloud-define.js';

/** GCP-0002: Ensure that Cloud Storage buckets have uniform bucket-level access enabled. */
export const gcp0002 = cloudCheck({
  id: 'GCP-0002',
  aliases: ['AVD-GCP-0002', 'enable-ubla', 'google-storage-enable-ubla'],
  namespace: 'builtin.google.storage.google0002',
  title: 'Ensure that Cloud Storage buckets have uniform bucket-level access enabled',
  severity: 'MEDIUM',
  description: 'Uniform bucket-level access makes IAM the only way to grant access, instead of IAM plus per-object ACLs.',
  resolution: 'Set uniform_bucket_level_access = true.',
  references: ['https://cloud.google.com/storage/docs/uniform-bucket-level-access', 'https://jbrojbrojbro.medium.com/you-make-the-rules-with-authentication-controls-for-cloud-storage-53c32543747b'],
  provider: 'Google',
  service: 'storage',
  check: (state) =>
    state.google.storage.buckets.filter((bucket) => isOff(bucket.uniformAccess)).map((bucket) => fail(bucket.uniformAccess.loc, 'Bucket has uniform bucket level access disabled')),
});
