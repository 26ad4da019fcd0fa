/** The built-in Dockerfile checks, one per file; this list is the registry. */
import type { Check } from '../../types.js';
import type { Dockerfile } from '../../dockerfile/types.js';
import { ds001 } from './ds001-latest-tag.js';
import { ds002 } from './ds002-root-user.js';
import { ds004 } from './ds004-port-22.js';
import { ds005 } from './ds005-add-instead-of-copy.js';
import { ds006 } from './ds006-copy-from-self.js';
import { ds007 } from './ds007-multiple-entrypoints.js';
import { ds008 } from './ds008-port-out-of-range.js';
import { ds009 } from './ds009-workdir-not-absolute.js';
import { ds010 } from './ds010-run-sudo.js';
import { ds011 } from './ds011-copy-destination-slash.js';
import { ds012 } from './ds012-duplicate-alias.js';
import { ds013 } from './ds013-run-cd.js';
import { ds014 } from './ds014-wget-and-curl.js';
import { ds015 } from './ds015-yum-clean-all.js';
import { ds016 } from './ds016-multiple-cmds.js';
import { ds017 } from './ds017-update-alone.js';
import { ds019 } from './ds019-dnf-clean-all.js';
import { ds020 } from './ds020-zypper-clean.js';
import { ds021 } from './ds021-apt-get-yes.js';
import { ds022 } from './ds022-maintainer.js';
import { ds023 } from './ds023-multiple-healthchecks.js';
import { ds024 } from './ds024-dist-upgrade.js';
import { ds025 } from './ds025-apk-no-cache.js';
import { ds026 } from './ds026-no-healthcheck.js';
import { ds027 } from './ds027-microdnf-clean-all.js';
import { ds029 } from './ds029-apt-no-install-recommends.js';
import { ds030 } from './ds030-workdir-system-dir.js';
import { ds031 } from './ds031-leaked-secrets.js';

export const dockerfileChecks: readonly Check<Dockerfile>[] = [
  ds001, ds002, ds004, ds005, ds006, ds007, ds008, ds009, ds010, ds011, ds012, ds013, ds014, ds015,
  ds016, ds017, ds019, ds020, ds021, ds022, ds023, ds024, ds025, ds026, ds027, ds029, ds030, ds031,
];
