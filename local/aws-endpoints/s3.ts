import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';

/**
 * A local S3, path-style (`/<bucket>/<key>`) on the runtime's own port: PutObject, GetObject
 * (incl. presigned GET/PUT), HeadObject and DeleteObject, which is all the media concern uses.
 * The real `@aws-sdk/client-s3` (with `forcePathStyle`) and `@aws-sdk/s3-request-presigner`
 * talk to it. SigV4: the credential must be one the runtime knows when it asks for it, presigned
 * URLs expire and their signature is checked, so a URL edited by hand or kept too long fails the
 * way it fails on AWS. s3rver, the usual npm emulator, has been unmaintained since 2021.
 */
export interface StoredObject {
  body: Buffer;
  contentType: string;
  etag: string;
  lastModified: Date;
  metadata: Record<string, string>;
}

/** The objects of the local buckets, in memory. The EUM sandbox reads and writes it directly, as EUM's service does. */
export class LocalS3Store {
  private readonly buckets = new Map<string, Map<string, StoredObject>>();

  createBucket(name: string): void {
    if (!this.buckets.has(name)) this.buckets.set(name, new Map());
  }
  hasBucket(name: string): boolean {
    return this.buckets.has(name);
  }
  put(bucket: string, key: string, body: Buffer, contentType = 'binary/octet-stream', metadata: Record<string, string> = {}): StoredObject {
    const objects = this.bucket(bucket);
    const object = { body, contentType, etag: `"${createHash('md5').update(body).digest('hex')}"`, lastModified: new Date(), metadata };
    objects.set(key, object);
    return object;
  }
  get(bucket: string, key: string): StoredObject | undefined {
    return this.bucket(bucket).get(key);
  }
  delete(bucket: string, key: string): void {
    this.bucket(bucket).delete(key);
  }
  keys(bucket: string): string[] {
    return [...this.bucket(bucket).keys()];
  }
  private bucket(name: string): Map<string, StoredObject> {
    const b = this.buckets.get(name);
    if (!b) throw new S3Error('NoSuchBucket', 'The specified bucket does not exist', 404);
    return b;
  }
}

export class S3Error extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
  }
}

/** S3's own object size limit for one PUT is 5 GB; locally the body is held in memory, so less. */
export const LOCAL_S3_MAX_PUT_BYTES = 128 * 1024 * 1024;

/** The IAM check of each S3 call (for the runtime's per-principal enforcement: action + resource). */
export function s3Checks(method: string, bucket: string, key: string): { action: string; resource: string }[] {
  const resource = `arn:aws:s3:::${bucket}/${key}`;
  const action = ({ GET: 's3:GetObject', HEAD: 's3:GetObject', PUT: 's3:PutObject', DELETE: 's3:DeleteObject' } as Record<string, string>)[method];
  return action ? [{ action, resource }] : [];
}

/** Whether a request is for S3: its SigV4 credential scope names the `s3` service. */
export function isS3Request(req: http.IncomingMessage, url: URL): boolean {
  const scope = /Credential=[^,\s]+\/s3\/aws4_request/.test(req.headers.authorization ?? '');
  return scope || /\/s3\/aws4_request$/.test(url.searchParams.get('X-Amz-Credential') ?? '');
}

export interface S3EndpointOptions {
  store: LocalS3Store;
  /** The secret of an access key id the runtime issued; undefined for any other key (accepted on loopback, unverified). */
  secretFor: (accessKeyId: string) => string | undefined;
  /** Beyond loopback: only keys the runtime issued (those `secretFor` knows) may call. */
  requireIssuedKey?: boolean;
  now?: () => Date;
  /** Per-principal IAM check; throws to deny (the iam concern plugs its enforcer in here). */
  authorize?: (accessKeyId: string, checks: { action: string; resource: string }[], headers: http.IncomingHttpHeaders) => void;
}

/** Serves one path-style S3 request. */
export async function handleS3(req: http.IncomingMessage, res: http.ServerResponse, url: URL, opts: S3EndpointOptions): Promise<void> {
  const method = req.method ?? 'GET';
  const rawPath = (req.url ?? '/').split('?')[0]!;
  const [bucket, ...rest] = rawPath.replace(/^\//, '').split('/');
  const key = rest.map((s) => decodeURIComponent(s)).join('/');
  try {
    const body = method === 'PUT' ? await readBody(req) : Buffer.alloc(0);
    const accessKeyId = authenticate(req, url, rawPath, body, opts);
    if (!bucket) throw new S3Error('InvalidRequest', 'path-style requests only: /<bucket>/<key>', 400);
    if (!key) throw new S3Error('NotImplemented', 'bucket-level operations are not emulated locally', 501);
    opts.authorize?.(accessKeyId, s3Checks(method, decodeURIComponent(bucket), key), req.headers);
    const b = decodeURIComponent(bucket);
    switch (method) {
      case 'PUT': {
        const payload = req.headers['content-encoding']?.includes('aws-chunked') ? decodeAwsChunked(body) : body;
        const metadata = Object.fromEntries(
          Object.entries(req.headers)
            .filter(([h]) => h.startsWith('x-amz-meta-'))
            .map(([h, v]) => [h.slice('x-amz-meta-'.length), String(v)]),
        );
        const o = opts.store.put(b, key, payload, String(req.headers['content-type'] ?? 'binary/octet-stream'), metadata);
        res.writeHead(200, { etag: o.etag, 'content-length': 0 });
        return void res.end();
      }
      case 'GET':
      case 'HEAD': {
        const o = opts.store.get(b, key);
        if (!o) throw new S3Error('NoSuchKey', 'The specified key does not exist.', 404);
        res.writeHead(200, {
          'content-type': o.contentType,
          'content-length': o.body.length,
          etag: o.etag,
          'last-modified': o.lastModified.toUTCString(),
          'accept-ranges': 'bytes',
          ...Object.fromEntries(Object.entries(o.metadata).map(([k, v]) => [`x-amz-meta-${k}`, v])),
        });
        return void res.end(method === 'GET' ? o.body : undefined);
      }
      case 'DELETE':
        opts.store.get(b, key); // NoSuchBucket when the bucket is missing; a missing key is fine (S3 answers 204)
        opts.store.delete(b, key);
        res.writeHead(204);
        return void res.end();
      default:
        throw new S3Error('MethodNotAllowed', `${method} is not emulated locally`, 405);
    }
  } catch (err) {
    const e = err instanceof S3Error ? err : new S3Error('InternalError', (err as Error)?.message ?? String(err), 500);
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${e.code}</Code><Message>${escapeXml(e.message)}</Message><Resource>${escapeXml(rawPath)}</Resource><RequestId>local</RequestId></Error>`;
    if (res.headersSent) return void res.end();
    res.writeHead(e.statusCode, { 'content-type': 'application/xml', 'content-length': method === 'HEAD' ? 0 : Buffer.byteLength(xml), 'x-amz-request-id': 'local' });
    res.end(method === 'HEAD' ? undefined : xml);
  }
}

/** Checks the SigV4 credential (and, for a key the runtime issued, the signature and a presigned URL's expiry). Returns the access key id. */
function authenticate(req: http.IncomingMessage, url: URL, rawPath: string, body: Buffer, opts: S3EndpointOptions): string {
  const q = url.searchParams;
  const presigned = q.has('X-Amz-Signature');
  const header = /^AWS4-HMAC-SHA256 Credential=([^,]+),\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]+)$/.exec(req.headers.authorization ?? '');
  const credential = presigned ? (q.get('X-Amz-Credential') ?? '') : (header?.[1] ?? '');
  const signedHeaders = presigned ? (q.get('X-Amz-SignedHeaders') ?? '') : (header?.[2] ?? '');
  const signature = presigned ? (q.get('X-Amz-Signature') ?? '') : (header?.[3] ?? '');
  const amzDate = presigned ? (q.get('X-Amz-Date') ?? '') : String(req.headers['x-amz-date'] ?? '');
  const [accessKeyId, day, region, service] = credential.split('/');
  if (!accessKeyId || !signature || !/^\d{8}T\d{6}Z$/.test(amzDate)) throw new S3Error('AccessDenied', 'Access Denied (the request is not SigV4-signed)', 403);
  if (opts.requireIssuedKey && opts.secretFor(accessKeyId) === undefined)
    throw new S3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403);
  const signedAt = Date.parse(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  if (presigned) {
    const expires = Number(q.get('X-Amz-Expires'));
    if (!Number.isInteger(expires) || expires < 1 || expires > 604800)
      throw new S3Error('AuthorizationQueryParametersError', 'X-Amz-Expires must be between 1 and 604800 seconds', 400);
    if ((opts.now?.() ?? new Date()).getTime() > signedAt + expires * 1000) throw new S3Error('AccessDenied', 'Request has expired', 403);
  }
  const secret = opts.secretFor(accessKeyId);
  if (secret === undefined) return accessKeyId;
  const payloadHash = presigned ? 'UNSIGNED-PAYLOAD' : String(req.headers['x-amz-content-sha256'] ?? createHash('sha256').update(body).digest('hex'));
  const names = signedHeaders.split(';');
  const canonicalHeaders = names
    .map(
      (h) =>
        `${h}:${String(req.headers[h] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const query = [...q.entries()]
    .filter(([k]) => k !== 'X-Amz-Signature')
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonical = [req.method, rawPath, query, canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  let k: Buffer = createHmac('sha256', `AWS4${secret}`).update(day!).digest();
  for (const part of [region!, service!, 'aws4_request']) k = createHmac('sha256', k).update(part).digest();
  const expected = createHmac('sha256', k).update(toSign).digest('hex');
  const a = Buffer.from(expected);
  const b = Buffer.from(signature);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new S3Error('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', 403);
  }
  return accessKeyId;
}

const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** `Content-Encoding: aws-chunked` bodies (the SDK's streaming uploads): `<hex size>[;ext]\r\n<data>\r\n…0\r\n<trailers>`. */
export function decodeAwsChunked(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', at);
    if (lineEnd < 0) throw new S3Error('IncompleteBody', 'malformed aws-chunked body', 400);
    const size = parseInt(raw.subarray(at, lineEnd).toString('latin1').split(';')[0]!, 16);
    if (!Number.isInteger(size) || size < 0) throw new S3Error('IncompleteBody', 'malformed aws-chunked body', 400);
    if (size === 0) return Buffer.concat(parts);
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > LOCAL_S3_MAX_PUT_BYTES) {
      req.resume();
      return reject(new S3Error('EntityTooLarge', `Your proposed upload exceeds the local maximum of ${LOCAL_S3_MAX_PUT_BYTES} bytes`, 400));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= LOCAL_S3_MAX_PUT_BYTES) chunks.push(c);
    });
    req.on('end', () => (size > LOCAL_S3_MAX_PUT_BYTES ? reject(new S3Error('EntityTooLarge', 'upload too large', 400)) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}
