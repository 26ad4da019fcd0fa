import type { DigestResolver } from '../k8s/image-plan.js';

/**
 * Remembers what each tag resolved to for `ttlMs`: a workload's pods and its churn ask the
 * registry once per tag and interval, not per event. Failures are not remembered.
 */
export function cachedDigestResolver(resolve: DigestResolver, ttlMs: number): DigestResolver {
  const known = new Map<string, { digest: Promise<string>; at: number }>();
  return (ref, logins) => {
    const key = `${ref.registry}/${ref.repository}:${ref.tag ?? ''}\n${logins.map((l) => `${l.from}/${l.username}`).join(',')}`;
    const hit = known.get(key);
    if (hit && Date.now() - hit.at < ttlMs) return hit.digest;
    const digest = resolve(ref, logins);
    known.set(key, { digest, at: Date.now() });
    digest.catch(() => known.delete(key));
    if (known.size > 10_000) known.delete(known.keys().next().value!);
    return digest;
  };
}
