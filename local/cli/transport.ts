import { Sha256 } from '@aws-crypto/sha256-js';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/** Where the CLI sends actions: the local runtime, a deployed HTTP API, or the Lambda itself. */
export interface ActionTarget {
  describe: string;
  send(body: unknown): Promise<{ statusCode: number; body: unknown }>;
}

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:3000';

async function parse(res: Response): Promise<unknown> {
  const text = await res.text();
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return { error: { code: 'BadResponse', message: `HTTP ${res.status}: ${text.slice(0, 300)}` } };
  }
}

export function localTarget(endpoint: string): ActionTarget {
  const url = `${endpoint.replace(/\/+$/, '')}/actions`;
  return {
    describe: url,
    async send(body) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { statusCode: res.status, body: await parse(res) };
    },
  };
}

export function regionOf(host: string, explicit?: string): string {
  const fromHost = /\.(?:execute-api|lambda)\.([a-z0-9-]+)\.amazonaws\.com/.exec(host)?.[1];
  const region = explicit ?? fromHost ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) throw new Error('cannot tell the AWS region: pass --region or set AWS_REGION');
  return region;
}

/** A SigV4-signed POST, by default with the default credential chain (env, profile, SSO, instance role…). */
export async function signedPost(
  url: URL,
  service: string,
  region: string,
  payload: string,
  credentials: Credentials = defaultProvider(),
  contentType = 'application/json',
): Promise<Response> {
  const signer = new SignatureV4({ credentials, region, service, sha256: Sha256 });
  const query: Record<string, string> = {};
  url.searchParams.forEach((v, k) => (query[k] = v));
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    query,
    headers: { host: url.host, 'content-type': contentType },
    body: payload,
  });
  return fetch(url, { method: 'POST', headers: signed.headers as Record<string, string>, body: payload });
}

type Credentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

/** The deployed actions HTTP API (IAM-authorized): `--stack-url https://…/actions`. */
export function stackTarget(stackUrl: string, region?: string, credentials?: Credentials): ActionTarget {
  const url = new URL(stackUrl);
  const r = regionOf(url.host, region);
  return {
    describe: `${url.href} (SigV4, ${r})`,
    async send(body) {
      const res = await signedPost(url, 'execute-api', r, JSON.stringify(body), credentials);
      return { statusCode: res.status, body: await parse(res) };
    },
  };
}

/** Direct Lambda invoke of the actions function: `--function <name or ARN>`. */
export function functionTarget(name: string, region?: string): ActionTarget {
  const r = region ?? /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):/.exec(name)?.[1] ?? regionOf('', undefined);
  const base = process.env.AWS_ENDPOINT_URL_LAMBDA ?? process.env.AWS_ENDPOINT_URL ?? `https://lambda.${r}.amazonaws.com`;
  const url = new URL(`${base.replace(/\/+$/, '')}/2015-03-31/functions/${encodeURIComponent(name)}/invocations`);
  return {
    describe: `lambda:${name} (${r})`,
    async send(body) {
      const res = await signedPost(url, 'lambda', r, JSON.stringify(body));
      const payload = (await parse(res)) as Record<string, unknown>;
      if (!res.ok)
        return {
          statusCode: res.status,
          body: { error: { code: String(payload.__type ?? payload.Type ?? 'LambdaError'), message: String(payload.message ?? payload.Message ?? JSON.stringify(payload)) } },
        };
      if (res.headers.get('x-amz-function-error')) {
        return { statusCode: 500, body: { error: { code: 'FunctionError', message: String(payload.errorMessage ?? 'the function failed') } } };
      }
      // The handler answers failures as { statusCode, error } and successes with the bare result.
      if (typeof payload.statusCode === 'number' && payload.error) {
        const { statusCode, ...rest } = payload;
        return { statusCode: statusCode as number, body: rest };
      }
      return { statusCode: 200, body: payload };
    },
  };
}
