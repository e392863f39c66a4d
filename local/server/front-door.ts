import type http from 'node:http';
import { timingSafeEqual } from 'node:crypto';

/**
 * The runtime's front door against pages the developer happens to open in a browser:
 * - `Host` must name this runtime (loopback names or the configured host, any port): a DNS-rebinding
 *   page reaches 127.0.0.1 under its own name (`evil.example:3000`) and is refused with 421;
 * - a state-changing request carrying an `Origin` must come from the same origin as its `Host`
 *   (403 otherwise); the CLI, the SDKs and the providers send none;
 * - a POST with a body must be `application/json` (415): a cross-site form or a `no-cors` fetch can
 *   only send text/plain, urlencoded or multipart. Exceptions: AWS JSON-protocol calls (signed,
 *   `application/x-amz-json-*`) and the EUM webhook, which SNS posts as `text/plain`.
 * The console's bearer token is checked by the console routes (`consoleAuthorized`).
 */
export interface FrontDoorOptions {
  /** The interface the server is bound to (`--host`). */
  host: string;
}

export interface Refusal {
  statusCode: number;
  body: { error: string; message: string; field?: string };
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** SNS posts HTTP(S) notifications as text/plain; the body is still JSON. */
const TEXT_PLAIN_ALLOWED = new Set(['/webhooks/eum']);

export function refuseRequest(req: http.IncomingMessage, path: string, opts: FrontDoorOptions): Refusal | undefined {
  const hostHeader = req.headers.host ?? '';
  if (!allowedHost(hostHeader, opts.host)) {
    return refusal(421, 'MisdirectedRequest', `Host "${hostHeader}" is not this runtime: use http://127.0.0.1:<port> (or the configured --host)`, 'host');
  }
  const method = req.method ?? 'GET';
  if (!STATE_CHANGING.has(method)) return undefined;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${hostHeader}`) {
    return refusal(403, 'CrossOriginRefused', `Origin "${origin}" may not change this runtime's state (only http://${hostHeader}, or no Origin)`, 'origin');
  }
  // AWS calls (JSON protocol by X-Amz-Target, Lambda's REST Invoke) carry their own content types and are signed.
  if (hasBody(req) && typeof req.headers['x-amz-target'] !== 'string' && !/^\/2015-03-31\/functions\//.test(path)) {
    const type = mediaType(req.headers['content-type']);
    const ok = type === 'application/json' || (type === 'text/plain' && TEXT_PLAIN_ALLOWED.has(path));
    if (!ok) return refusal(415, 'UnsupportedMediaType', `content-type must be application/json (got "${req.headers['content-type'] ?? ''}")`, 'content-type');
  }
  return undefined;
}

/** `Authorization: Bearer <token>`, compared in constant time. */
export function bearerMatches(req: http.IncomingMessage, token: string): boolean {
  const given = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function allowedHost(hostHeader: string, boundHost: string): boolean {
  // Bound to every interface, the runtime cannot know the names it is reached by; there the bearer
  // token (required beyond loopback) and the signed AWS calls guard it.
  if (WILDCARD_HOSTS.has(boundHost)) return true;
  const name = hostName(hostHeader);
  if (!name) return false;
  return LOOPBACK_NAMES.has(name) || name === boundHost.toLowerCase() || `[${boundHost.toLowerCase()}]` === name;
}

/** `localhost:3000` → `localhost`, `[::1]:3000` → `[::1]`; undefined when malformed. */
function hostName(hostHeader: string): string | undefined {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(hostHeader.trim());
  return m ? m[1]!.toLowerCase() : undefined;
}

function hasBody(req: http.IncomingMessage): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return req.headers['transfer-encoding'] !== undefined;
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

function refusal(statusCode: number, error: string, message: string, field: string): Refusal {
  return { statusCode, body: { error, message, field } };
}
