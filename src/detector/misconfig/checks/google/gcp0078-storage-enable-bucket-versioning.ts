import { cloudCheck, fail, isOff } from '../cloud-define.js';

/** GCP-0078: Cloud Storage Bucket Versioning Disabled. */
export const gcp0078 = cloudCheck({
  id: 'GCP-0078',
  aliases: ['AVD-GCP-0078', 'enable-bucket-versioning', 'storage-bucket-versioning-disabled', 'google-storage-enable-bucket-versioning'],
  namespace: 'builtin.google.storage.google0078',
  title: 'Cloud Storage Bucket Versioning Disabled',
  severity: 'MEDIUM',
  description: 'Without versioning, an overwritten or deleted object cannot be recovered.',
  resolution: 'Add versioning { enabled = true }.',
  references: ['https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/storage_bucket#enabled'],
  provider: 'Google',
  service: 'storage',
  check: (state) =>
    state.google.storage.buckets.filter((bucket) => isOff(bucket.versioning)).map((bucket) => fail(bucket.versioning.loc, 'Bucket does not have versioning enabled')),
});
