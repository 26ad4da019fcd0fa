import { causeAtNode, dig, kubernetesCheck, stringsOf } from './kit.js';

/** KSV-0124: Gatekeeper K8sAllowedRepos prefixes that match more than intended. */
export const ksv124 = kubernetesCheck({
  id: 'KSV-0124',
  aliases: ['AVD-KSV-0124', 'repo-ambiguous-prefix', 'kubernetes-repo-ambiguous-prefix'],
  namespace: 'builtin.kubernetes.KSV0124',
  title: 'Gatekeeper repo reference is ambiguously open-ended',
  severity: 'HIGH',
  description: "K8sAllowedRepos matches image prefixes: 'myregistry' also allows 'myregistry.attacker.com/...', and 'docker.io/org' also allows 'docker.io/organisation'.",
  resolution: "End each allowed repository prefix with '/' (for example 'myregistry.example.com/').",
  references: ['https://open-policy-agent.github.io/gatekeeper-library/website/validation/allowedrepos/'],
  check(resource) {
    if (resource.apiVersion !== 'constraints.gatekeeper.sh/v1beta1' || resource.kind !== 'K8sAllowedRepos') return [];
    const parameters = dig(resource.object, 'spec', 'parameters');
    const open = stringsOf(dig(parameters, 'repos')).filter((repo) => {
      if (!repo.includes('/') && !repo.includes(':')) return true;
      const parts = repo.split('/');
      return parts[0] === 'docker.io' && parts.length <= 2;
    });
    return open.map((repo) => causeAtNode(resource, parameters, `Allowed repository prefix '${repo}' is open-ended`));
  },
});
