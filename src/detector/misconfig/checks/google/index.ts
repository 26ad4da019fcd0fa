/** The built-in Google checks, one per file; this list is the registry. They run on Terraform and CloudFormation alike. */
import type { Check } from '../../types.js';
import type { CloudState } from '../../cloud/state.js';
import { gcp0001 } from './gcp0001-storage-no-public-access.js';
import { gcp0002 } from './gcp0002-storage-enable-ubla.js';
import { gcp0027 } from './gcp0027-compute-no-public-ingress.js';
import { gcp0035 } from './gcp0035-compute-no-public-egress.js';
import { gcp0070 } from './gcp0070-compute-no-open-rdp-access.js';
import { gcp0071 } from './gcp0071-compute-restrict-ssh-access.js';
import { gcp0077 } from './gcp0077-storage-enable-bucket-logging.js';
import { gcp0078 } from './gcp0078-storage-enable-bucket-versioning.js';

export const googleChecks: readonly Check<CloudState>[] = [
  gcp0001, gcp0002, gcp0027, gcp0035, gcp0070, gcp0071, gcp0077, gcp0078,
];
