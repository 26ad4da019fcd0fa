/**
 * Test helper: a small fake Kubernetes API server (no real kube-apiserver can be installed here),
 * ported from ../shared/infra/fake-apiserver.js. It serves `/version`, legacy discovery (`/api`,
 * `/api/v1`, `/apis`, `/apis/G/V`), a minimal OpenAPI v3 (so kubectl's default strict validation
 * leaves validation to the server), CRUD + list + watch for the built-in kinds and CRDs, label and
 * field selectors, `resourceVersion` conflicts (409), the status subresource, merge / JSON / apply
 * patches (all as merge patches), and list pagination (`limit` / `continue`).
 *
 * What it does not do (RECIPES.md §3): no validation, defaulting, admission or RBAC; no
 * controllers (a Deployment never gets ReplicaSets or Pods: tests create them, with
 * ownerReferences); no garbage collection; no protobuf (kubectl's `create deployment|secret|…`
 * generators get 415: use `kubectl apply -f`).
 *
 * In-process: `startFakeApiServer({ token, tls })` listens on a free 127.0.0.1 port, records every
 * request (`requests`), lets tests put objects directly (`put`), and is stopped by `stop()` (also
 * registered with `after()` when called inside a test file). As a child process:
 * `node --import tsx test/support/k8s/fake-apiserver.ts` with PORT (0 = free), TOKEN, TLS_CERT and
 * TLS_KEY in the environment; it prints `listening on 127.0.0.1:PORT` when ready.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  FakeStore, apiVersionOf, fieldsOf, jsonPatch, mergePatch, parseFieldSelector, parseLabelSelector, typeKey,
  type FakeObject, type ResourceType,
} from './fake-api-store.js';

export type { FakeObject } from './fake-api-store.js';

export interface FakeApiServerOptions {
  /** Require `Authorization: Bearer <token>` on every request (401 otherwise). */
  token?: string;
  /** Serve https with this certificate and key (PEM). */
  tls?: { cert: string; key: string };
  /** Port to listen on (default 0: a free one). */
  port?: number;
  /** Register `stop` with node:test's `after()` (default true; false outside the test runner). */
  stopAfterTests?: boolean;
}

/** One request the fake answered, for assertions. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  status: number;
}

export interface FakeApiServer {
  /** `http(s)://127.0.0.1:PORT`. */
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Stores objects directly, as a create through the API would (namespaces must exist). */
  put(...objects: FakeObject[]): FakeObject[];
  stop(): Promise<void>;
}

interface Watcher {
  ns: string | undefined;
  labels: (l: Record<string, string> | undefined) => boolean;
  fields: (f: Record<string, string>) => boolean;
  res: ServerResponse;
}

/** The request handler over a store; exported for tests that mount it elsewhere. */
export class FakeApi {
  readonly store = new FakeStore();
  private readonly watchers = new Map<string, Set<Watcher>>();

  constructor(private readonly token: string | undefined, readonly requests: RecordedRequest[] = []) {}

  handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const u = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    res.once('finish', () => this.requests.push({ method, path: u.pathname, query: u.search, status: res.statusCode }));
    if (this.token !== undefined && req.headers.authorization !== `Bearer ${this.token}`) return status(res, 401, 'Unauthorized', 'Unauthorized');
    if (method === 'GET' && (['/version', '/api', '/apis'].includes(u.pathname) || /^\/(api\/v1|apis\/[^/]+\/[^/]+)$/.test(u.pathname))) {
      if (this.discovery(u.pathname, res)) return;
    }
    if (method === 'GET' && u.pathname.startsWith('/openapi/v3')) return this.openapiV3(u.pathname, res);
    if (['/healthz', '/readyz', '/livez'].includes(u.pathname)) {
      res.writeHead(200);
      res.end('ok');
      return;
    }
    // /api/v1[/namespaces/NS]/PLURAL[/NAME[/SUB]] or /apis/G/V[/namespaces/NS]/PLURAL[/NAME[/SUB]]
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(u.pathname);
    if (!m) return status(res, 404, 'NotFound', 'the server could not find the requested resource');
    const group = m[2] ?? '';
    const version = m[1] ?? m[3];
    let [ns, plural, name, sub] = [m[4] as string | undefined, m[5], m[6] as string | undefined, m[7] as string | undefined];
    // "/api/v1/namespaces/foo" parses as plural=namespaces, name=foo; "/api/v1/namespaces/foo/status" as ns=foo, plural=status.
    if (group === '' && ns && !name && (plural === 'status' || plural === 'finalize')) {
      [name, sub, plural, ns] = [ns, plural, 'namespaces', undefined];
    }
    const key = typeKey(group, version, plural);
    const t = this.store.types.get(key);
    if (!t) return status(res, 404, 'NotFound', `the server could not find the requested resource (${plural})`);
    if (t.namespaced && !ns && name) return status(res, 404, 'NotFound', 'namespace required');
    const bucket = this.store.bucket(key);
    const id = `${t.namespaced ? ns : ''}/${name}`;
    const details = { group, kind: t.plural, name };
    if (t.namespaced && ns && (method === 'POST' || method === 'PUT') && !this.store.namespaceExists(ns)) {
      return status(res, 404, 'NotFound', `namespaces "${ns}" not found`, { name: ns, kind: 'namespaces' });
    }

    if (method === 'GET' && !name) return this.list(t, key, ns, u.searchParams, res);
    const current = bucket.get(id);
    if (method === 'GET') return current ? send(res, 200, current) : status(res, 404, 'NotFound', `${t.plural} "${name}" not found`, details);
    if (method === 'DELETE') return this.remove(t, key, ns, name, current, res);
    let obj: unknown;
    try {
      obj = body.length > 0 ? JSON.parse(body) : {};
    } catch {
      // kubectl and client-node send JSON even for apply-patch+yaml; protobuf is not served.
      return status(res, 415, 'UnsupportedMediaType', `fake apiserver: body is not JSON (content-type ${req.headers['content-type']}); ` +
        'protobuf (kubectl create ns|deployment|configmap|secret|job ...) is unsupported: use kubectl apply -f / create -f');
    }
    if (method === 'PATCH') {
      const contentType = (req.headers['content-type'] ?? '').split(';')[0];
      if (!current && contentType !== 'application/apply-patch+yaml') return status(res, 404, 'NotFound', `${t.plural} "${name}" not found`, details);
      let next: FakeObject;
      try {
        next = (contentType === 'application/json-patch+json' ? jsonPatch(current, obj as []) : mergePatch(current ?? {}, obj)) as FakeObject;
      } catch (err) {
        return status(res, 422, 'Invalid', (err as Error).message);
      }
      if (sub === 'status') next = { ...current!, status: next.status };
      else if (current && t.crd && t.status) next.status = current.status;
      return this.saveAndSend(res, t, key, current, next, ns, name!, !current);
    }
    if (method === 'POST') {
      if (name) return status(res, 405, 'MethodNotAllowed', 'POST to a named resource');
      const created = obj as FakeObject;
      created.metadata ??= {};
      if (!created.metadata.name && created.metadata.generateName) created.metadata.name = created.metadata.generateName + randomBytes(3).toString('hex').slice(0, 5);
      if (!created.metadata.name) return status(res, 422, 'Invalid', 'metadata.name: Required value');
      if (bucket.has(`${t.namespaced ? ns : ''}/${created.metadata.name}`)) {
        return status(res, 409, 'AlreadyExists', `${t.plural} "${created.metadata.name}" already exists`, { ...details, name: created.metadata.name });
      }
      return this.saveAndSend(res, t, key, undefined, created, ns, created.metadata.name, true);
    }
    if (method === 'PUT') {
      if (!current) return status(res, 404, 'NotFound', `${t.plural} "${name}" not found`, details);
      const replaced = obj as FakeObject;
      if (replaced.metadata?.resourceVersion && replaced.metadata.resourceVersion !== current.metadata.resourceVersion) {
        return status(res, 409, 'Conflict', `Operation cannot be fulfilled on ${t.plural} "${name}": the object has been modified; please apply your changes to the latest version and try again`, details);
      }
      const next = sub === 'status' ? { ...current, status: replaced.status } : t.status && t.crd ? { ...replaced, status: current.status } : replaced;
      return this.saveAndSend(res, t, key, current, next, ns, name!, false);
    }
    status(res, 405, 'MethodNotAllowed', method);
  }

  /** Stores an object directly (as a create would); the namespace of a namespaced kind must exist. */
  put(obj: FakeObject): FakeObject {
    const t = this.store.typeOfKind(obj.apiVersion ?? 'v1', obj.kind ?? '');
    if (!t) throw new Error(`fake apiserver: no type for ${obj.apiVersion} ${obj.kind}`);
    const name = obj.metadata.name;
    if (!name) throw new Error('fake apiserver: put needs metadata.name');
    const ns = t.namespaced ? obj.metadata.namespace ?? 'default' : undefined;
    if (ns !== undefined && !this.store.namespaceExists(ns)) throw new Error(`fake apiserver: namespace ${ns} does not exist`);
    const key = typeKey(t.group, t.version, t.plural);
    const current = this.store.bucket(key).get(`${ns ?? ''}/${name}`);
    const saved = this.store.save(t, current, structuredClone(obj), ns, name);
    this.notify(key, current ? 'MODIFIED' : 'ADDED', saved);
    return saved;
  }

  private list(t: ResourceType, key: string, ns: string | undefined, params: URLSearchParams, res: ServerResponse): void {
    const labels = parseLabelSelector(params.get('labelSelector'));
    const fields = parseFieldSelector(params.get('fieldSelector'));
    const items = [...this.store.bucket(key).values()].filter((o) => (!ns || o.metadata.namespace === ns) && labels(o.metadata.labels) && fields(fieldsOf(o)));
    if (params.get('watch') === 'true' || params.get('watch') === '1') {
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      res.flushHeaders();
      const since = Number(params.get('resourceVersion') ?? 0);
      for (const o of items) if (!since || Number(o.metadata.resourceVersion) > since) res.write(`${JSON.stringify({ type: 'ADDED', object: o })}\n`);
      const w: Watcher = { ns, labels, fields, res };
      let set = this.watchers.get(key);
      if (!set) this.watchers.set(key, (set = new Set()));
      set.add(w);
      const seconds = Number(params.get('timeoutSeconds') ?? 0);
      const timer = seconds ? setTimeout(() => res.end(), seconds * 1000) : undefined;
      // Node 20 emits the request's close early: the response's close is the one to follow.
      res.on('close', () => {
        set.delete(w);
        if (timer) clearTimeout(timer);
      });
      return;
    }
    // Pagination: `continue` is the offset of the next item, as an opaque token.
    const limit = Number(params.get('limit') ?? 0);
    const offset = params.get('continue') ? Number(Buffer.from(params.get('continue')!, 'base64url').toString()) : 0;
    const page = limit > 0 ? items.slice(offset, offset + limit) : items.slice(offset);
    const more = limit > 0 && offset + limit < items.length;
    send(res, 200, {
      kind: `${t.kind}List`, apiVersion: apiVersionOf(t),
      metadata: { resourceVersion: this.store.resourceVersion, ...(more ? { continue: Buffer.from(String(offset + limit)).toString('base64url'), remainingItemCount: items.length - offset - limit } : {}) },
      items: page,
    });
  }

  private remove(t: ResourceType, key: string, ns: string | undefined, name: string | undefined, current: FakeObject | undefined, res: ServerResponse): void {
    const bucket = this.store.bucket(key);
    if (!name) {
      for (const [k, o] of bucket) {
        if (ns && o.metadata.namespace !== ns) continue;
        bucket.delete(k);
        this.notify(key, 'DELETED', o);
      }
      return send(res, 200, { kind: 'Status', apiVersion: 'v1', status: 'Success' });
    }
    if (!current) return status(res, 404, 'NotFound', `${t.plural} "${name}" not found`, { group: t.group, kind: t.plural, name });
    bucket.delete(`${t.namespaced ? ns : ''}/${name}`);
    current.metadata.resourceVersion = this.store.nextVersion();
    this.notify(key, 'DELETED', current);
    if (t.kind === 'CustomResourceDefinition') this.store.unregisterCrd(current);
    if (t.kind === 'Namespace') {
      for (const [k2, b2] of this.store.allBuckets()) {
        for (const [id2, o] of b2) {
          if (o.metadata.namespace !== name) continue;
          b2.delete(id2);
          this.notify(k2, 'DELETED', o);
        }
      }
    }
    send(res, 200, current);
  }

  private saveAndSend(res: ServerResponse, t: ResourceType, key: string, current: FakeObject | undefined, obj: FakeObject, ns: string | undefined, name: string, created: boolean): void {
    const saved = this.store.save(t, current, obj, ns, name);
    this.notify(key, created ? 'ADDED' : 'MODIFIED', saved);
    send(res, created ? 201 : 200, saved);
  }

  private notify(key: string, type: string, obj: FakeObject): void {
    for (const w of this.watchers.get(key) ?? []) {
      if (w.ns && obj.metadata.namespace !== w.ns) continue;
      if (!w.labels(obj.metadata.labels) || !w.fields(fieldsOf(obj))) continue;
      w.res.write(`${JSON.stringify({ type, object: obj })}\n`);
    }
  }

  private discovery(path: string, res: ServerResponse): boolean {
    if (path === '/version') return send(res, 200, { major: '1', minor: '32', gitVersion: 'v1.32.0-fake', platform: 'linux/amd64' }), true;
    if (path === '/api') return send(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] }), true;
    const groups = new Map<string, Set<string>>();
    for (const t of this.store.types.values()) {
      if (!t.group) continue;
      if (!groups.has(t.group)) groups.set(t.group, new Set());
      groups.get(t.group)!.add(t.version);
    }
    if (path === '/apis') {
      send(res, 200, {
        kind: 'APIGroupList', apiVersion: 'v1',
        groups: [...groups].map(([name, versions]) => {
          const list = [...versions];
          return { name, versions: list.map((version) => ({ groupVersion: `${name}/${version}`, version })), preferredVersion: { groupVersion: `${name}/${list[0]}`, version: list[0] } };
        }),
      });
      return true;
    }
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
    if (!m) return false;
    const group = m[2] ?? '';
    const version = m[1] ?? m[3];
    const resources: Record<string, unknown>[] = [];
    for (const t of this.store.types.values()) {
      if (t.group !== group || t.version !== version) continue;
      resources.push({ name: t.plural, singularName: t.singular, namespaced: t.namespaced, kind: t.kind, verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: t.shortNames, categories: t.categories });
      if (t.status) resources.push({ name: `${t.plural}/status`, singularName: '', namespaced: t.namespaced, kind: t.kind, verbs: ['get', 'patch', 'update'] });
    }
    if (resources.length === 0) return status(res, 404, 'NotFound', 'the server could not find the requested resource'), true;
    send(res, 200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources });
    return true;
  }

  /**
   * A minimal OpenAPI v3: per group version, a PATCH operation per kind tagged with
   * `x-kubernetes-group-version-kind` and a `fieldValidation` parameter, so kubectl trusts
   * server-side field validation instead of failing with "failed to download openapi".
   */
  private openapiV3(path: string, res: ServerResponse): void {
    const byGroupVersion = new Map<string, ResourceType[]>();
    for (const t of this.store.types.values()) {
      const gv = t.group ? `apis/${t.group}/${t.version}` : `api/${t.version}`;
      if (!byGroupVersion.has(gv)) byGroupVersion.set(gv, []);
      byGroupVersion.get(gv)!.push(t);
    }
    if (path === '/openapi/v3') {
      return send(res, 200, { paths: Object.fromEntries([...byGroupVersion.keys()].map((gv) => [gv, { serverRelativeURL: `/openapi/v3/${gv}?hash=${this.store.resourceVersion}` }])) });
    }
    const types = byGroupVersion.get(path.slice('/openapi/v3/'.length));
    if (!types) return status(res, 404, 'NotFound', 'no such group version');
    const paths: Record<string, unknown> = {};
    for (const t of types) {
      paths[`/${t.group ? `apis/${t.group}` : 'api'}/${t.version}${t.namespaced ? '/namespaces/{namespace}' : ''}/${t.plural}/{name}`] = {
        patch: {
          'x-kubernetes-group-version-kind': { group: t.group, version: t.version, kind: t.kind },
          parameters: [{ name: 'fieldValidation', in: 'query', schema: { type: 'string' } }],
          responses: { 200: { description: 'OK' } },
        },
      };
    }
    send(res, 200, { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.0-fake' }, paths, components: { schemas: {} } });
  }
}

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function status(res: ServerResponse, code: number, reason: string, message: string, details?: Record<string, unknown>): void {
  send(res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code });
}

/** Starts the fake on 127.0.0.1 (a free port unless `options.port`); see the file comment. */
export async function startFakeApiServer(options: FakeApiServerOptions = {}): Promise<FakeApiServer> {
  const api = new FakeApi(options.token);
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        api.handle(req, res, Buffer.concat(chunks).toString());
      } catch (err) {
        status(res, 500, 'InternalError', String((err as Error).stack ?? err));
      }
    });
  };
  const server: Server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, onRequest) : createHttpServer(onRequest);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  if (options.stopAfterTests !== false) (await import('node:test')).after(stop);
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests: api.requests,
    put: (...objects) => objects.map((o) => api.put(o)),
    stop,
  };
}

// As a child process: configuration from the environment, stopped by SIGTERM.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const env = process.env;
  const server = await startFakeApiServer({
    port: Number(env.PORT ?? 0),
    stopAfterTests: false,
    ...(env.TOKEN ? { token: env.TOKEN } : {}),
    ...(env.TLS_CERT && env.TLS_KEY ? { tls: { cert: readFileSync(env.TLS_CERT, 'utf8'), key: readFileSync(env.TLS_KEY, 'utf8') } } : {}),
  });
  process.stdout.write(`listening on 127.0.0.1:${server.port}\n`);
  process.once('SIGTERM', () => void server.stop().then(() => process.exit(0)));
}
