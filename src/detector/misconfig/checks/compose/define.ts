/**
 * Builder for the Docker Compose checks. trivy has no Compose checks, so these use picket's own
 * namespace: ids `PCK-COMPOSE-NNN`, namespace `picket.compose.PCK_COMPOSE_NNN`, no AVD page.
 */
import type { ComposeService } from '../../compose/scan.js';
import type { Cause, Check, CheckMeta } from '../../types.js';

/** What a Compose check file writes down (namespace and aliases are derived from the id). */
export type ComposeCheckSpec = Omit<CheckMeta, 'provider' | 'service' | 'primaryUrl' | 'avdId' | 'namespace' | 'aliases'> & {
  aliases?: readonly string[];
  check(service: ComposeService): Cause[];
};

/** A built-in Compose check. */
export function composeCheck(spec: ComposeCheckSpec): Check<ComposeService> {
  return { ...spec, aliases: spec.aliases ?? [], namespace: `picket.compose.${spec.id.replace(/-/g, '_')}`, type: 'docker-compose', provider: 'Docker Compose', service: 'general' };
}

/** A cause at a key of the service. */
export function atKey(service: ComposeService, key: string, message: string): Cause {
  return { message, ...service.linesOfKey(key), resource: service.name };
}

/** The service's volume sources (short `src:dst[:mode]` and long `{ source }` syntax) with their lines. */
export function volumeSources(service: ComposeService): { source: string; target: string }[] {
  const volumes = Array.isArray(service.spec.volumes) ? service.spec.volumes : [];
  return volumes.flatMap((volume): { source: string; target: string }[] => {
    if (typeof volume === 'string') {
      const [source, target = ''] = volume.split(':');
      return [{ source, target }];
    }
    if (volume && typeof volume === 'object' && !Array.isArray(volume)) {
      const v = volume as Record<string, unknown>;
      return [{ source: String(v.source ?? ''), target: String(v.target ?? '') }];
    }
    return [];
  });
}

/** The Compose file reference, the base of the checks' references. */
export const COMPOSE_REFERENCE = 'https://docs.docker.com/reference/compose-file/services/';
