import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { isS3Request } from '../aws-endpoints/s3.js';
import { decodeTrace, TRACE_HEADER, type TraceContext } from '../trace/trace.js';
import { AMZN_TRACE_HEADER, traceFromAmznHeader } from '../lambda/trace-id.js';
import type { Activity } from './activity.js';
import { cut } from '../../functions/domain/shared/cut.js';
import { refuseRequest } from './front-door.js';
import { runModules, type RouteModule } from './route-module.js';

export const MAX_BODY_BYTES = 1024 * 1024;
const MAX_AWS_BODY_BYTES = 16 * 1024 * 1024;

export interface JsonReply {
  statusCode: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** What the server routes to; the runtime implements it. */
export interface ServerApp {
  webhookEum(rawBody: string): Promise<JsonReply>;
  webhookRazorpay(rawBody: string, headers: Record<string, string>): Promise<JsonReply>;
  action(body: unknown): Promise<JsonReply>;
  /** `principal`: who signed the call (local/iam), undefined for the operator. */
  awsJson(target: string, rawBody: string, ctx: TraceContext | undefined, principal?: string): Promise<JsonReply>;
  dynamo(operation: string, rawBody: Buffer, headers: http.IncomingHttpHeaders, res: http.ServerResponse, ctx: TraceContext | undefined, principal?: string): Promise<void>;
  read(path: string, query: URLSearchParams): Promise<JsonReply | undefined>;
  post(path: string, body: unknown): Promise<JsonReply | undefined>;
  /** Lambda Invoke (REST: POST /2015-03-31/functions/{name}/invocations), request/response. */
  lambdaInvoke?(functionName: string, rawPayload: string, ctx: TraceContext | undefined, principal?: string): Promise<JsonReply>;
  /** Route modules tried before the core routes (the console's); each checks its own token. */
  modules?(): readonly RouteModule[];
  /** Path-style S3 (local/aws-endpoints/s3.ts): streams its own bodies, which can be far larger than a webhook. */
  s3?(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void>;
}

export interface ServerOptions {
  host: string;
  port: number;
  /** Bearer token required for /actions and the read endpoints (always when bound beyond loopback). */
  apiToken?: string;
  /** When set, AWS JSON-protocol calls must be SigV4-signed with this access key id (the runtime's handlers are). */
  /** Who signed an AWS call (local/iam/caller.ts): its principal, or the error to answer. */
  awsCaller?: (req: http.IncomingMessage, url: URL, raw: Buffer) => { ok: true; principal: string | undefined } | { ok: false; statusCode: number; type: string; message: string };
  activity: Activity;
  log: (msg: string) => void;
  /** While shutting down: new webhooks and actions get 503 (the provider retries); the AWS endpoints keep serving in-flight work. */
  draining?: () => boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

export async function startHttpServer(app: ServerApp, opts: ServerOptions): Promise<RunningServer> {
  const server = http.createServer((req, res) => {
    const end = opts.activity.begin();
    res.on('close', end);
    route(app, opts, req, res, end).catch((err: unknown) => {
      opts.log(`HTTP ${req.method} ${req.url} failed: ${(err as Error)?.stack ?? String(err)}`);
      if (!res.headersSent) send(res, { statusCode: 500, body: { error: 'internal error; see the runtime log' } });
      else res.end();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function route(app: ServerApp, opts: ServerOptions, req: http.IncomingMessage, res: http.ServerResponse, detach: () => void): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const method = req.method ?? 'GET';
  const target = req.headers['x-amz-target'];
  const lambdaInvoke = method === 'POST' ? /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(path) : null;
  // A path whose %-escapes do not decode (`/executions/%ff`) names nothing: 400 before any route sees it.
  if (!decodablePath(path)) {
    req.resume();
    return send(res, { statusCode: 400, body: { error: `path: malformed percent-encoding in ${cut(path, 200)}` } });
  }
  // S3 calls are SigV4-signed (header or presigned query) like the JSON-protocol calls, and carry the
  // object's own Content-Type: the front door's JSON-only body rule does not apply to them.
  if (app.s3 && isS3Request(req, url)) return app.s3(req, res, url);
  const refusal = refuseRequest(req, path, { host: opts.host });
  if (refusal) {
    req.resume();
    return send(res, refusal);
  }

  let raw: Buffer;
  try {
    // AWS calls may be larger than webhooks (a DynamoDB BatchWriteItem can reach 16 MB).
    const limit = typeof target === 'string' || lambdaInvoke ? MAX_AWS_BODY_BYTES : MAX_BODY_BYTES;
    raw = method === 'GET' || method === 'HEAD' ? Buffer.alloc(0) : await readBody(req, limit);
  } catch (err) {
    if (err instanceof BodyTooLarge) {
      send(res, { statusCode: 413, body: { error: `request body larger than ${MAX_BODY_BYTES} bytes` } });
      req.resume();
      return;
    }
    throw err;
  }

  // Lambda's REST protocol: a function invoking another (the actions front invokes its concerns).
  if (lambdaInvoke && app.lambdaInvoke) {
    const caller = opts.awsCaller?.(req, url, raw) ?? { ok: true, principal: undefined };
    if (!caller.ok) return send(res, { statusCode: caller.statusCode, body: { message: caller.message }, headers: { 'x-amzn-errortype': caller.type } });
    const ctx = decodeTrace(req.headers[TRACE_HEADER]) ?? traceFromAmznHeader(req.headers[AMZN_TRACE_HEADER]);
    return send(res, await app.lambdaInvoke(decodeURIComponent(lambdaInvoke[1]!), raw.toString('utf8'), ctx, caller.principal));
  }

  // The AWS JSON protocol: the SDK clients of the handlers talk to these.
  if (method === 'POST' && typeof target === 'string') {
    const caller = opts.awsCaller?.(req, url, raw) ?? { ok: true, principal: undefined };
    if (!caller.ok) return send(res, { statusCode: caller.statusCode, body: { __type: caller.type, message: caller.message } }, 'application/x-amz-json-1.1');
    const ctx = decodeTrace(req.headers[TRACE_HEADER]) ?? traceFromAmznHeader(req.headers[AMZN_TRACE_HEADER]);
    if (target.startsWith('DynamoDB_20120810.')) return app.dynamo(target.slice('DynamoDB_20120810.'.length), raw, req.headers, res, ctx, caller.principal);
    const reply = await app.awsJson(target, raw.toString('utf8'), ctx, caller.principal);
    return send(res, reply, 'application/x-amz-json-1.1');
  }

  if (await runModules(app.modules?.() ?? [], { method, path, query: url.searchParams, rawBody: raw, req, res, detach })) return;
  if (opts.draining?.() && (path.startsWith('/webhooks/') || path === '/actions')) {
    return send(res, { statusCode: 503, body: { error: 'the local runtime is shutting down; retry later' }, headers: { 'retry-after': '5' } });
  }
  if (method === 'POST' && path === '/webhooks/eum') return send(res, await app.webhookEum(raw.toString('utf8')));
  if (method === 'POST' && path === '/webhooks/razorpay') return send(res, await app.webhookRazorpay(raw.toString('utf8'), flatHeaders(req.headers)));
  if (path === '/health' && method === 'GET') return send(res, (await app.read(path, url.searchParams))!);

  if (!authorized(req, opts.apiToken)) {
    return send(res, { statusCode: 401, body: { error: 'missing or wrong bearer token (LOCAL_API_TOKEN)' }, headers: { 'www-authenticate': 'Bearer' } });
  }
  if (method === 'POST' && path === '/actions') {
    // Signed as for the deployed, IAM-authorized actions API (the CLI's --stack-url, the deployed-stack
    // console pointed here): the signature is checked as the AWS endpoints check theirs.
    if (/^AWS4-HMAC-SHA256 /.test(req.headers.authorization ?? '')) {
      const caller = opts.awsCaller?.(req, url, raw);
      if (caller && !caller.ok) return send(res, { statusCode: caller.statusCode, body: { message: caller.message }, headers: { 'x-amzn-errortype': caller.type } });
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return send(res, { statusCode: 400, body: { error: { code: 'ValidationError', message: 'body must be a JSON object with an "action" field' } } });
    }
    return send(res, await app.action(body));
  }
  if (method === 'GET') {
    const reply = await app.read(path, url.searchParams);
    if (reply) return send(res, reply);
  }
  if (method === 'POST') {
    let body: unknown = {};
    if (raw.length) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return send(res, { statusCode: 400, body: { error: 'body must be JSON' } });
      }
    }
    const reply = await app.post(path, body);
    if (reply) return send(res, reply);
  }
  send(res, { statusCode: 404, body: { error: `no route for ${method} ${path}` } });
}

/** True when every %-escape of the path decodes to UTF-8 (decodeURIComponent would not throw). */
export function decodablePath(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

function authorized(req: http.IncomingMessage, token: string | undefined): boolean {
  if (!token) return true;
  const given = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => !failed && resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function flatHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function send(res: http.ServerResponse, reply: JsonReply, contentType = 'application/json'): void {
  const text = JSON.stringify(reply.body ?? {});
  res.writeHead(reply.statusCode, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), ...(reply.headers ?? {}) });
  res.end(text);
}
