/**
 * Test helper: a registry token server (Docker registry v2 token authentication) on 127.0.0.1.
 * `GET /token?service=S&scope=repository:NAME:pull,push`: known users (Basic auth) get the
 * actions they ask for, anonymous clients get `pull` only, wrong credentials get 401. Tokens are
 * RS256 JWTs whose `x5c` header carries the certificate the registry trusts (rootcertbundle).
 * `POST /token` is the OAuth2 refresh-token grant (docker's identity tokens): a form with
 * `grant_type=refresh_token`, `refresh_token`, `service` and space-separated `scope`.
 * Every request is recorded, so tests can check the scopes a client asked for.
 */
import { randomUUID, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TokenRequest {
  /** The authenticated user; undefined when anonymous. */
  user: string | undefined;
  /** `basic` (GET with Basic or anonymous) or `refresh_token` (POST with an identity token). */
  grant: 'basic' | 'refresh_token';
  service: string | null;
  scopes: string[];
}

export interface TokenServer {
  realm: string;
  requests: TokenRequest[];
  close(): Promise<void>;
}

export interface TokenServerOptions {
  keyPem: string;
  certPem: string;
  service: string;
  issuer: string;
  users: Record<string, string>;
  /** Identity tokens (OAuth2 refresh tokens) and the user each stands for. */
  refreshTokens?: Record<string, string>;
}

const base64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const certDer = options.certPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  const requests: TokenRequest[] = [];

  const handle = (req: IncomingMessage, res: ServerResponse, form: URLSearchParams | undefined) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/token') {
      res.writeHead(404).end();
      return;
    }
    let user: string | undefined;
    const authorization = req.headers.authorization ?? '';
    if (form) {
      const name = form.get('grant_type') === 'refresh_token' ? options.refreshTokens?.[form.get('refresh_token') ?? ''] : undefined;
      if (name === undefined) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_grant"}');
        return;
      }
      user = name;
    } else if (authorization.startsWith('Basic ')) {
      const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const name = decoded.slice(0, colon);
      if (colon < 0 || options.users[name] === undefined || options.users[name] !== decoded.slice(colon + 1)) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"invalid credentials"}');
        return;
      }
      user = name;
    }
    const params = form ?? url.searchParams;
    const scopes = (form ? (form.get('scope') ?? '').split(' ') : url.searchParams.getAll('scope')).filter((s) => s !== '');
    requests.push({ user, grant: form ? 'refresh_token' : 'basic', service: params.get('service'), scopes });
    const access = scopes.map((scope) => {
      const [type, name, actions = ''] = scope.split(':');
      return { type, name, actions: actions.split(',').filter((a) => (user ? a === 'pull' || a === 'push' : a === 'pull')) };
    });
    const now = Math.floor(Date.now() / 1000);
    const header = { typ: 'JWT', alg: 'RS256', x5c: [certDer] };
    const claims = { iss: options.issuer, sub: user ?? '', aud: params.get('service'), exp: now + 300, nbf: now - 10, iat: now, jti: randomUUID(), access };
    const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const token = `${signingInput}.${base64url(sign('sha256', Buffer.from(signingInput), options.keyPem))}`;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date(now * 1000).toISOString() }));
  };

  const server = createServer((req, res) => {
    if (req.method !== 'POST') {
      handle(req, res, undefined);
      return;
    }
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => handle(req, res, new URLSearchParams(body)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

