/** The built-in Azure checks, one per file; this list is the registry. They run on Terraform and CloudFormation alike. */
import type { Check } from '../../types.js';
import type { CloudState } from '../../cloud/state.js';
import { azu0007 } from './azu0007-storage-no-public-access.js';
import { azu0008 } from './azu0008-storage-enforce-https.js';
import { azu0011 } from './azu0011-storage-use-secure-tls-policy.js';
import { azu0012 } from './azu0012-storage-default-action-deny.js';
import { azu0047 } from './azu0047-network-no-public-ingress.js';
import { azu0048 } from './azu0048-network-disable-rdp-from-internet.js';
import { azu0050 } from './azu0050-network-ssh-blocked-from-internet.js';
import { azu0051 } from './azu0051-network-no-public-egress.js';

export const azureChecks: readonly Check<CloudState>[] = [
  azu0007, azu0008, azu0011, azu0012, azu0047, azu0048, azu0050, azu0051,
];
