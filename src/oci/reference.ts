import { UserError } from '../errors.js';
import { isSha256Digest } from './digest.js';

/**
 * A parsed image or artifact reference, `[registry/]repository[:tag][@digest]`, normalised the
 * way docker does: no registry means Docker Hub (`docker.io`), and a single-name Hub repository
 * gets the `library/` prefix.
 */
export interface ImageReference {
  /** As users write it: `docker.io`, `ghcr.io`, `127.0.0.1:5000`, `[::1]:5000`. */
  registry: string;
  /** `library/alpine`, `picket/db`. */
  repository: string;
  tag?: string;
  /** `sha256:<hex>`; when present it wins over the tag for fetching. */
  digest?: string;
}

export const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_API_HOST = 'registry-1.docker.io';
const DOCKER_HUB_ALIASES = new Set([DOCKER_HUB, 'index.docker.io', DOCKER_HUB_API_HOST]);

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[A-Za-z0-9=_-]+$/;
const HOST_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const REGISTRY_HOST = new RegExp(`^(?:${HOST_LABEL}(?:\\.${HOST_LABEL})*|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?$`);

/** Parses `registry.example.org/repo/name:tag`, `alpine`, `localhost:5000/x@sha256:…`. */
export function parseReference(input: string): ImageReference {
  const text = input.trim();
  if (text === '') throw new UserError('empty image reference');
  const invalid = (why: string) => new UserError(`invalid reference "${text}": ${why}`);

  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    // Not echoed: text before '@' may be `user:password` pasted into the reference.
    if (!DIGEST.test(digest)) throw new UserError('invalid reference: "@" must be followed by a digest like sha256:<64 hex digits> (credentials do not belong in a reference)');
    if (digest.startsWith('sha256:') && !isSha256Digest(digest)) throw invalid('a sha256 digest has 64 lowercase hex digits');
  }

  let registry = DOCKER_HUB;
  let remainder = rest;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('[') || first !== first.toLowerCase()) {
      registry = first;
      remainder = rest.slice(slash + 1);
    }
  }
  if (!REGISTRY_HOST.test(registry)) throw invalid(`"${registry}" is not a registry host[:port]`);
  if (DOCKER_HUB_ALIASES.has(registry.toLowerCase())) registry = DOCKER_HUB;

  let tag: string | undefined;
  const colon = remainder.lastIndexOf(':');
  if (colon > remainder.lastIndexOf('/')) {
    tag = remainder.slice(colon + 1);
    remainder = remainder.slice(0, colon);
    if (!TAG.test(tag)) throw invalid(`"${tag}" is not a valid tag (letters, digits, _ . -; at most 128)`);
  }

  let repository = remainder;
  if (repository === '') throw invalid('no repository name');
  const bad = repository.split('/').find((part) => !PATH_COMPONENT.test(part));
  if (bad !== undefined) throw invalid(bad === '' ? 'empty path component' : `"${bad}" is not a valid repository path component (lowercase letters, digits, separators . _ __ -)`);
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;
  if (`${registry}/${repository}`.length > 255) throw invalid('name longer than 255 characters');

  if (tag === undefined && digest === undefined) tag = 'latest';
  return { registry, repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** `registry/repository:tag@digest`, as it would be parsed back. */
export function formatReference(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}

/** What to ask the registry for: the digest when there is one, else the tag. */
export function manifestReference(ref: ImageReference): string {
  return ref.digest ?? ref.tag ?? 'latest';
}

/** The host that serves the registry API (`docker.io` is served by `registry-1.docker.io`). */
export function registryApiHost(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_API_HOST : registry;
}

/** The registry's base URL: https, or plain http for loopback hosts and when asked to (`--insecure`). */
export function registryBaseUrl(registry: string, insecure: boolean): string {
  const host = registryApiHost(registry);
  return `${insecure || isLoopbackHost(host) ? 'http' : 'https'}://${host}`;
}

/** `localhost`, `127.x.x.x` or `[::1]`, with or without a port. */
export function isLoopbackHost(hostWithPort: string): boolean {
  const host = hostWithPort.startsWith('[') ? hostWithPort.slice(0, hostWithPort.indexOf(']') + 1) : hostWithPort.replace(/:\d+$/, '');
  const name = host.toLowerCase();
  return name === 'localhost' || name === '[::1]' || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}
