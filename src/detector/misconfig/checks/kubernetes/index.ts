/** The built-in Kubernetes checks, one per file; this list is the registry. */
import type { Check } from '../../types.js';
import type { K8sResource } from '../../kubernetes/resource.js';
import { kcv0093 } from './kcv0093-ingress-nginx-annotations.js';
import { ksv001 } from './ksv001-privilege-escalation.js';
import { ksv002 } from './ksv002-apparmor.js';
import { ksv003 } from './ksv003-drop-all-capabilities.js';
import { ksv004 } from './ksv004-drop-some-capabilities.js';
import { ksv005 } from './ksv005-sys-admin.js';
import { ksv006 } from './ksv006-docker-socket.js';
import { ksv007 } from './ksv007-host-aliases.js';
import { ksv008 } from './ksv008-host-ipc.js';
import { ksv009 } from './ksv009-host-network.js';
import { ksv010 } from './ksv010-host-pid.js';
import { ksv01010 } from './ksv01010-configmap-sensitive.js';
import { ksv01011 } from './ksv01011-authenticated-binding.js';
import { ksv011 } from './ksv011-cpu-limit.js';
import { ksv012 } from './ksv012-run-as-non-root.js';
import { ksv013 } from './ksv013-image-tag.js';
import { ksv014 } from './ksv014-read-only-root-fs.js';
import { ksv015 } from './ksv015-cpu-request.js';
import { ksv016 } from './ksv016-memory-request.js';
import { ksv017 } from './ksv017-privileged.js';
import { ksv018 } from './ksv018-memory-limit.js';
import { ksv020 } from './ksv020-high-uid.js';
import { ksv021 } from './ksv021-high-gid.js';
import { ksv022 } from './ksv022-added-capabilities.js';
import { ksv023 } from './ksv023-host-path.js';
import { ksv024 } from './ksv024-host-ports.js';
import { ksv025 } from './ksv025-selinux-options.js';
import { ksv026 } from './ksv026-unsafe-sysctls.js';
import { ksv027 } from './ksv027-proc-mount.js';
import { ksv028 } from './ksv028-non-core-volumes.js';
import { ksv030 } from './ksv030-seccomp-runtime-default.js';
import { ksv036 } from './ksv036-service-account-token.js';
import { ksv037 } from './ksv037-kube-system.js';
import { ksv038 } from './ksv038-network-policy-selectors.js';
import { ksv039 } from './ksv039-limit-range.js';
import { ksv040 } from './ksv040-resource-quota.js';
import { ksv041 } from './ksv041-manage-secrets.js';
import { ksv042 } from './ksv042-delete-pod-logs.js';
import { ksv043 } from './ksv043-impersonate-groups.js';
import { ksv044 } from './ksv044-wildcard-verb-and-resource.js';
import { ksv045 } from './ksv045-wildcard-verb.js';
import { ksv046 } from './ksv046-manage-all-resources.js';
import { ksv047 } from './ksv047-node-proxy.js';
import { ksv048 } from './ksv048-manage-workloads.js';
import { ksv049 } from './ksv049-manage-configmaps.js';
import { ksv050 } from './ksv050-manage-rbac.js';
import { ksv051 } from './ksv051-create-rolebinding-bind-role.js';
import { ksv052 } from './ksv052-create-clusterrolebinding-bind.js';
import { ksv053 } from './ksv053-exec-into-pods.js';
import { ksv054 } from './ksv054-attach-to-pods.js';
import { ksv055 } from './ksv055-rolebinding-add-users.js';
import { ksv056 } from './ksv056-manage-networking.js';
import { ksv102 } from './ksv102-tiller.js';
import { ksv103 } from './ksv103-host-process.js';
import { ksv104 } from './ksv104-seccomp-unconfined.js';
import { ksv105 } from './ksv105-root-uid.js';
import { ksv106 } from './ksv106-capabilities-net-bind-only.js';
import { ksv107 } from './ksv107-deprecated-api.js';
import { ksv108 } from './ksv108-service-external-ip.js';
import { ksv109 } from './ksv109-configmap-secrets.js';
import { ksv110 } from './ksv110-default-namespace.js';
import { ksv111 } from './ksv111-admin-binding.js';
import { ksv112 } from './ksv112-manage-all-namespace-resources.js';
import { ksv113 } from './ksv113-manage-namespace-secrets.js';
import { ksv114 } from './ksv114-manage-webhooks.js';
import { ksv115 } from './ksv115-eks-aws-auth.js';
import { ksv116 } from './ksv116-root-group.js';
import { ksv117 } from './ksv117-privileged-ports.js';
import { ksv118 } from './ksv118-default-security-context.js';
import { ksv119 } from './ksv119-net-raw.js';
import { ksv120 } from './ksv120-sys-module.js';
import { ksv121 } from './ksv121-disallowed-host-paths.js';
import { ksv122 } from './ksv122-anonymous-binding.js';
import { ksv123 } from './ksv123-masters-binding.js';
import { ksv124 } from './ksv124-gatekeeper-repos.js';

export const kubernetesChecks: readonly Check<K8sResource>[] = [
  kcv0093, ksv001, ksv002, ksv003, ksv004, ksv005, ksv006, ksv007, ksv008, ksv009, ksv010, ksv01010,
  ksv01011, ksv011, ksv012, ksv013, ksv014, ksv015, ksv016, ksv017, ksv018, ksv020, ksv021, ksv022,
  ksv023, ksv024, ksv025, ksv026, ksv027, ksv028, ksv030, ksv036, ksv037, ksv038, ksv039, ksv040,
  ksv041, ksv042, ksv043, ksv044, ksv045, ksv046, ksv047, ksv048, ksv049, ksv050, ksv051, ksv052,
  ksv053, ksv054, ksv055, ksv056, ksv102, ksv103, ksv104, ksv105, ksv106, ksv107, ksv108, ksv109,
  ksv110, ksv111, ksv112, ksv113, ksv114, ksv115, ksv116, ksv117, ksv118, ksv119, ksv120, ksv121,
  ksv122, ksv123, ksv124,
];
