import { assignedName, configMapData, kubernetesCheck, metadataCause } from './kit.js';

const WORDS = ['password', 'pass', 'pword', 'passphrase', 'passwrd', 'passwd', 'secret', 'secretkey', 'appSecret', 'clientSecret', 'aws_access_key_id', 'pswrd', 'token', 'pwd'];
const IN_KEY = new RegExp(`(${WORDS.join('|')})`, 'i');
const ASSIGNMENT = new RegExp(`(${WORDS.join('|')})\\s*(=|:)`, 'i');

/** KSV-0109: secrets stored in a ConfigMap. */
export const ksv109 = kubernetesCheck({
  id: 'KSV-0109',
  aliases: ['AVD-KSV-0109', 'configMap_with_secrets', 'kubernetes-configMap-with-secrets'],
  namespace: 'builtin.kubernetes.KSV0109',
  title: 'ConfigMap with secrets',
  severity: 'HIGH',
  description: 'ConfigMaps are not meant for secrets: they are not encrypted at rest, are readable by more subjects, and show up in logs and dumps.',
  resolution: 'Move passwords, tokens and keys into a Secret and reference it.',
  references: ['https://kubernetes.io/docs/concepts/configuration/secret/'],
  kinds: ['configmap'],
  check(resource) {
    const found = new Set<string>();
    for (const [key, value] of configMapData(resource)) {
      if (IN_KEY.test(key)) found.add(key);
      for (const line of value.split('\n')) {
        if (!ASSIGNMENT.test(line)) continue;
        const name = assignedName(line);
        if (name !== undefined) found.add(name.trim());
      }
    }
    if (found.size === 0) return [];
    return [metadataCause(resource, `ConfigMap '${resource.name}' in '${resource.namespace}' namespace holds secrets in: ${[...found].sort().join(', ')}`)];
  },
});
