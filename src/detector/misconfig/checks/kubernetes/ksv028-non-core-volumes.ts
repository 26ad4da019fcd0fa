import { asString, hasKey, kubernetesCheck, podVolumes, PSS_RESTRICTED, specCause, WORKLOADS } from './kit.js';

// hostPath is left to KSV-0023
const DISALLOWED = [
  'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume', 'cinder', 'cephFS',
  'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'portworxVolume', 'scaleIO', 'storageos',
];

/** KSV-0028: volume types outside the restricted Pod Security Standard's list. */
export const ksv028 = kubernetesCheck({
  id: 'KSV-0028',
  aliases: ['AVD-KSV-0028', 'KSV028', 'no-non-ephemeral-volumes', 'kubernetes-no-non-ephemeral-volumes'],
  namespace: 'builtin.kubernetes.KSV028',
  title: 'Non-core volume types used.',
  severity: 'LOW',
  description:
    'The restricted Pod Security Standard allows only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret volumes; other types reach storage outside the cluster\'s control.',
  resolution: "Use only the allowed volume types in 'spec.volumes[]' (for storage, a persistentVolumeClaim).",
  references: [PSS_RESTRICTED],
  kinds: WORKLOADS,
  check(resource) {
    const names = podVolumes(resource)
      .filter((volume) => DISALLOWED.some((type) => hasKey(volume, type)))
      .map((volume) => asString(volume.name) ?? '?');
    return names.length > 0 ? [specCause(resource, `${resource.kind} '${resource.name}' uses disallowed volume types (volumes: ${names.join(', ')})`)] : [];
  },
});
