import { asMap, asString, dig, kubernetesCheck, metadataCause } from './kit.js';

const ANNOTATIONS = [
  'nginx.ingress.kubernetes.io/auth-url',
  'nginx.ingress.kubernetes.io/auth-tls-match-cn',
  'nginx.ingress.kubernetes.io/mirror-target',
  'nginx.ingress.kubernetes.io/mirror-host',
];
const SUSPICIOUS = [/https?:\/\/[^\s<>"{}|^`\\\r\n]*[\r\n<>"{}|^`\\][^\s]*/, /CN=.*[\r\n#{};|].*/];

/** KCV-0093: ingress-nginx annotations carrying configuration-injection characters (CVE-2025-1097/1098/24514). */
export const kcv0093 = kubernetesCheck({
  id: 'KCV-0093',
  aliases: ['AVD-KCV-0093', 'KCV0093', 'insecure-ingress-nginx', 'kubernetes-insecure-ingress-nginx'],
  namespace: 'builtin.kubernetes.kcv0093',
  title: 'Ensure ingress-nginx annotations are secure',
  severity: 'CRITICAL',
  description: 'ingress-nginx copies some annotations into its nginx configuration; quotes, braces, newlines and similar characters there inject configuration and can lead to code execution in the controller.',
  resolution: 'Remove suspicious characters from the auth-url, auth-tls-match-cn and mirror annotations.',
  references: [
    'https://github.com/kubernetes/kubernetes/issues/131008',
    'https://github.com/kubernetes/kubernetes/issues/131007',
    'https://github.com/kubernetes/kubernetes/issues/131006',
  ],
  check(resource) {
    if (resource.kindLower !== 'ingress' || (asString(dig(resource.object, 'spec', 'ingressClassName')) ?? '').toLowerCase() !== 'nginx') return [];
    const annotations = asMap(dig(resource.object, 'metadata', 'annotations')) ?? {};
    return ANNOTATIONS.filter((key) => {
      const value = asString(annotations[key]);
      return value !== undefined && SUSPICIOUS.some((pattern) => pattern.test(value));
    }).map((key) => metadataCause(resource, `Ingress '${resource.name}' has a ${key} annotation with suspicious characters`));
  },
});
