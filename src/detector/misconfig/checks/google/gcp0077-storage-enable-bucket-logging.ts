import { cloudCheck, fail, isOff } from '../cloud-define.js';

/** GCP-0077: Cloud Storage Bucket Logging Not Enabled. */
export const gcp0077 = cloudCheck({
  id: 'GCP-0077',
  aliases: ['AVD-GCP-0077', 'enable-bucket-logging', 'storage-bucket-logging-not-enabled', 'google-storage-enable-bucket-logging'],
  namespace: 'builtin.google.storage.google0077',
  title: 'Cloud Storage Bucket Logging Not Enabled',
  severity: 'MEDIUM',
  description: 'Without access logs there is no record of who read or changed objects.',
  resolution: 'Add logging { log_bucket = ... }.',
  references: ['https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/storage_bucket#log_bucket'],
  provider: 'Google',
  service: 'storage',
  check: (state) =>
    state.google.storage.buckets.filter((bucket) => !bucket.logTarget && isOff(bucket.logging)).map((bucket) => fail(bucket.logging.loc, 'Bucket does not have logging enabled')),
});
