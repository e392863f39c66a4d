import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { ingestRazorpayWebhook } from '../ingest/razorpay-ingest.js';
import { getDeps, type Deps } from '../wiring/shared.js';
import { instrumented } from '../observability/index.js';
import { EnvNames, requireEnv } from '../config/environment.js';

/** Lambda Function URL / HTTP API handler for Razorpay webhooks. */
export const ingestRazorpayHandler =
  (wiring: () => Pick<Deps, 'publisher' | 'dedupe' | 'secrets'>) =>
  async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
    const deps = wiring();
    const rawBody = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
    const secretId = requireEnv(EnvNames.razorpayWebhookSecretId);
    const res = await ingestRazorpayWebhook({ headers: event.headers ?? {}, rawBody }, { ...deps, webhookSecret: () => deps.secrets.get(secretId) });
    return { statusCode: res.statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(res.body) };
  };

export const handler = instrumented('ingest-razorpay', ingestRazorpayHandler(getDeps));
