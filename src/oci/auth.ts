import type { Credentials } from './credentials.js';
import { RegistryError } from './errors.js';
import { describe, type HttpTransport } from './http.js';

/** One challenge of a WWW-Authenticate header: `Bearer realm="…",service="…",scope="…"`. */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** What a request needs: `pull` to read a repository, `pull,push` to write to it. */
export type Access = 'pull' | 'push';

interface CachedToken {
  actions: Set<Access>;
  value: string;
  expiresAt: number;
}

/**
 * Parses a WWW-Authenticate header into its challenges (RFC 7235: several schemes, each with
 * `key=value` or `key="quoted, value"` parameters). Scheme and keys are lowercased.
 */
export function parseChallenges(header: string): Challenge[] {
  const challenges: Challenge[] = [];
  let current: Challenge | undefined;
  let i = 0;
  const token = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y;
  while (i < header.length) {
    while (i < header.length && (header[i] === ' ' || header[i] === ',' || header[i] === '\t')) i++;
    token.lastIndex = i;
    const match = token.exec(header);
    if (!match) break;
    i += match[0].length;
    let j = i;
    while (header[j] === ' ') j++;
    if (header[j] === '=' && current) {
      i = j + 1;
      while (header[i] === ' ') i++;
      let value = '';
      if (header[i] === '"') {
        for (i++; i < header.length && header[i] !== '"'; i++) value += header[i] === '\\' ? header[++i] ?? '' : header[i];
        i++;
      } else {
        while (i < header.length && header[i] !== ',' && header[i] !== ' ') value += header[i++];
      }
      current.params[match[0].toLowerCase()] = value;
    } else {
      current = { scheme: match[0].toLowerCase(), params: {} };
      challenges.push(current);
    }
  }
  return challenges;
}

/** `Basic <base64(user:password)>`. */
export function basicAuthorization(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

/**
 * Authorization for one registry. It starts anonymous and learns the scheme from the first 401:
 * Basic sends the credentials; Bearer fetches a token from the challenge's realm for the
 * repository scope (with the credentials as Basic, an identity token as an OAuth2 refresh token,
 * or anonymously), caches it per repository and access until shortly before it expires, and
 * fetches the next scopes without a 401 first. A registry token (`--registry-token`) is sent as
 * the Bearer token of every request, as is.
 */
export class Authenticator {
  private scheme: 'anonymous' | 'basic' | 'bearer' = 'anonymous';
  private bearer?: { realm: string; service?: string };
  private readonly tokens = new Map<string, CachedToken>();

  constructor(
    private readonly transport: HttpTransport,
    private readonly credentials: Credentials | undefined,
    private readonly now: () => number = Date.now,
    private readonly registryToken?: string,
  ) {}

  get hasCredentials(): boolean {
    return this.credentials !== undefined || this.registryToken !== undefined;
  }

  /** The Authorization header for a request to `repository` needing `access`; undefined while anonymous. */
  async authorization(repository: string | undefined, access: Access): Promise<string | undefined> {
    if (this.registryToken !== undefined) return `Bearer ${this.registryToken}`;
    if (this.scheme === 'basic' && this.credentials) return basicAuthorization(this.credentials);
    if (this.scheme !== 'bearer' || !this.bearer) return undefined;
    const wanted = actionsFor(access);
    const cached = this.tokens.get(repository ?? '');
    if (cached && cached.expiresAt > this.now() && wanted.every((a) => cached.actions.has(a))) return `Bearer ${cached.value}`;
    return `Bearer ${await this.fetchToken(repository, wanted, undefined)}`;
  }

  /**
   * Learns from a 401 what the registry wants and gets ready for one more try (a token for the
   * challenge's scope, or Basic). Throws `unauthorized` when another try cannot help: no usable
   * challenge, Basic without credentials, or Basic credentials that were already sent.
   */
  async challenged(header: string | null, repository: string | undefined, access: Access, detail: string): Promise<void> {
    if (this.registryToken !== undefined) throw this.refused(detail);
    const challenges = parseChallenges(header ?? '');
    const bearer = challenges.find((c) => c.scheme === 'bearer' && c.params.realm);
    const basic = challenges.find((c) => c.scheme === 'basic');
    this.tokens.delete(repository ?? '');
    if (bearer) {
      this.scheme = 'bearer';
      this.bearer = { realm: bearer.params.realm, ...(bearer.params.service !== undefined ? { service: bearer.params.service } : {}) };
      await this.fetchToken(repository, actionsFor(access), bearer.params.scope);
      return;
    }
    if (basic) {
      if (!this.credentials || this.scheme === 'basic' || this.credentials.identityToken !== undefined) throw this.refused(detail);
      this.scheme = 'basic';
      return;
    }
    throw new RegistryError('unauthorized', `unauthorized: ${detail} without a usable WWW-Authenticate challenge`, 401);
  }

  /** The error for a 401 that retrying will not fix. */
  refused(detail: string): RegistryError {
    if (this.registryToken !== undefined) return new RegistryError('unauthorized', `unauthorized: the registry refused the registry token (${detail})`, 401);
    return new RegistryError(
      'unauthorized',
      this.credentials ? `unauthorized: the registry refused the credentials or their access (${detail})` : `unauthorized: authentication required and no credentials given (${detail})`,
      401,
    );
  }

  private async fetchToken(repository: string | undefined, actions: Access[], challengeScope: string | undefined): Promise<string> {
    const realm = new URL(this.bearer!.realm);
    if (this.bearer!.service !== undefined) realm.searchParams.set('service', this.bearer!.service);
    const scope = repository !== undefined ? `repository:${repository}:${actions.join(',')}` : undefined;
    const scopes = [...new Set([scope, challengeScope])].filter((s): s is string => s !== undefined && s !== '');
    const identityToken = this.credentials?.identityToken;
    let response: Response;
    if (identityToken !== undefined) {
      // OAuth2 refresh-token grant (docker's identity tokens): POST a form, answered with access_token.
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: identityToken, client_id: 'picket' });
      if (this.bearer!.service !== undefined) form.set('service', this.bearer!.service);
      if (scopes.length > 0) form.set('scope', scopes.join(' '));
      const url = new URL(this.bearer!.realm).href;
      response = await this.transport.send({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: () => form.toString() });
    } else {
      for (const s of scopes) realm.searchParams.append('scope', s);
      response = await this.transport.send({
        method: 'GET',
        url: realm.href,
        ...(this.credentials ? { authorization: basicAuthorization(this.credentials) } : {}),
      });
    }
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel().catch(() => {});
      throw new RegistryError(
        'unauthorized',
        this.credentials ? `unauthorized: the token server ${describe(realm)} refused the credentials (HTTP ${response.status})` : `unauthorized: the token server ${describe(realm)} requires credentials (HTTP ${response.status})`,
        response.status,
      );
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      throw new RegistryError('protocol', `token server ${describe(realm)} answered HTTP ${response.status}`, response.status);
    }
    let body: { token?: unknown; access_token?: unknown; expires_in?: unknown };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      throw new RegistryError('protocol', `token server ${describe(realm)} answered something that is not JSON`);
    }
    const value = typeof body.token === 'string' && body.token !== '' ? body.token : typeof body.access_token === 'string' ? body.access_token : '';
    if (value === '') throw new RegistryError('protocol', `token server ${describe(realm)} answered without a token`);
    // The spec's default lifetime is 60 s; renew a little early so a token never expires in flight.
    const lifetime = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 60;
    this.tokens.set(repository ?? '', { actions: new Set(actions), value, expiresAt: this.now() + (lifetime - Math.min(30, lifetime / 2)) * 1000 });
    return value;
  }
}

function actionsFor(access: Access): Access[] {
  return access === 'push' ? ['pull', 'push'] : ['pull'];
}
