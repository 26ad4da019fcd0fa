/** The built-in Docker Compose checks (picket's own ids: trivy has none), one per file; this list is the registry. */
import type { ComposeService } from '../../compose/scan.js';
import type { Check } from '../../types.js';
import { pckCompose001 } from './pck-compose-001-privileged.js';
import { pckCompose002 } from './pck-compose-002-host-network.js';
import { pckCompose003 } from './pck-compose-003-docker-socket.js';
import { pckCompose004 } from './pck-compose-004-latest-image.js';
import { pckCompose005 } from './pck-compose-005-host-pid.js';
import { pckCompose006 } from './pck-compose-006-dangerous-capabilities.js';

/** Every built-in Compose check. */
export const composeChecks: readonly Check<ComposeService>[] = [pckCompose001, pckCompose002, pckCompose003, pckCompose004, pckCompose005, pckCompose006];
