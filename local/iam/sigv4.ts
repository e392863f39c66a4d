import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { sameSecret } from './credentials.js';

/** A request as it reached a local endpoint. */
export interface SignedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer | string;
}

export interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

export function parseAuthorization(header: string | undefined): ParsedAuthorization | undefined {
  const m = /^AWS4-HMAC-SHA256\s+Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]+)$/.exec(header ?? '');
  if (!m) return undefined;
  return { accessKeyId: m[1]!, date: m[2]!, region: m[3]!, service: m[4]!, signedHeaders: m[5]!.split(';'), signature: m[6]! };
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Verifies a Signature Version 4 signature as AWS does (canonical request → string to sign →
 * HMAC chain), with the secret of the signing key. The endpoints are plain HTTP on loopback, so
 * the path is signed as sent (no double encoding needed for the paths the SDK clients use here).
 */
export function verifySigV4(req: SignedRequest, auth: ParsedAuthorization, secretAccessKey: string): boolean {
  const header = (name: string): string => {
    const v = req.headers[name];
    return (Array.isArray(v) ? v.join(',') : (v ?? '')).trim().replace(/\s+/g, ' ');
  };
  const amzDate = header('x-amz-date');
  if (!amzDate.startsWith(auth.date)) return false;
  const query = [...req.query.entries()]
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const path =
    req.path
      .split('/')
      .map((seg) => rfc3986(decodeURIComponentSafe(seg)))
      .join('/') || '/';
  const canonical = [req.method.toUpperCase(), path, query, ...auth.signedHeaders.map((h) => `${h}:${header(h)}`), '', auth.signedHeaders.join(';'), sha256(req.body)].join('\n');
  // A declared payload hash must be the body's (the only unsigned payload AWS takes is S3's UNSIGNED-PAYLOAD, not served here).
  const declared = header('x-amz-content-sha256');
  if (declared && declared !== sha256(req.body)) return false;
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, auth.date), auth.region), auth.service), 'aws4_request');
  return sameSecret(createHmac('sha256', key).update(toSign).digest('hex'), auth.signature);
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
