import { assignedName, configMapData, kubernetesCheck, metadataCause } from './kit.js';

const VALUE_PATTERNS = [
  /(username\s*(=|:))/i,
  /(email\s*(=|:))/i,
  /([a-zA-Z0-9_\-.]+)@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|(([a-zA-Z0-9-]+\.)+))([a-zA-Z]{2,4}|[0-9]{1,3})(\]?)/,
  /(key\s*(=|:))/i,
  /(phone\s*(=|:))/i,
  /[^.](?:\b[A-Z]{2}\d{2} ?\d{4} ?\d{4} ?\d{4} ?\d{4} ?[\d]{0,2}\b)/,
  /(SHA1)/i,
  /(MD5)/i,
  /(iban\s*(=|:))/i,
];
const KEY_PATTERNS = [
  /username/i,
  /email/i,
  /([a-zA-Z0-9_\-.]+)@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|(([a-zA-Z0-9-]+\.)+))([a-zA-Z]{2,4}|[0-9]{1,3})(\]?)/,
  /key/i,
  /phone/i,
  /[^.](?:\b[A-Z]{2}\d{2} ?\d{4} ?\d{4} ?\d{4} ?\d{4} ?[\d]{0,2}\b)/,
  /SHA1/i,
  /MD5/i,
  /iban/i,
];

/** KSV-01010: personal or sensitive data (emails, usernames, IBANs, keys) in a ConfigMap. */
export const ksv01010 = kubernetesCheck({
  id: 'KSV-01010',
  aliases: ['AVD-KSV-01010', 'configMap_with_sensitive', 'kubernetes-configMap-with-sensitive'],
  namespace: 'builtin.kubernetes.KSV01010',
  title: 'ConfigMap with sensitive content',
  severity: 'MEDIUM',
  description: 'ConfigMaps are readable by many subjects and unencrypted; usernames, email addresses, phone numbers, account numbers and key material should not be kept there.',
  resolution: 'Move sensitive values into a Secret.',
  references: ['https://kubernetes.io/docs/concepts/configuration/configmap/'],
  kinds: ['configmap'],
  check(resource) {
    const found = new Set<string>();
    for (const [key, value] of configMapData(resource)) {
      if (KEY_PATTERNS.some((pattern) => pattern.test(key))) found.add(key);
      for (const line of value.split('\n')) {
        if (!VALUE_PATTERNS.some((pattern) => pattern.test(line))) continue;
        found.add((assignedName(line) ?? key).trim());
      }
    }
    if (found.size === 0) return [];
    return [metadataCause(resource, `ConfigMap '${resource.name}' in '${resource.namespace}' namespace holds sensitive data in: ${[...found].sort().join(', ')}`)];
  },
});
