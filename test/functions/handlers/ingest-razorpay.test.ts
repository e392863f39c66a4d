import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretsManagerProvider } from '../../../functions/adapters/secrets/secrets-manager.js';
import { signRazorpayBody } from '../../../functions/domain/ingest/razorpay-signature.js';
import { ingestRazorpayHandler } from '../../../functions/handlers/ingest-razorpay.js';
import { instrumented } from '../../../functions/observability/index.js';
import { CollectingPublisher, MemoryDedupe } from '../../support/fakes.js';
import { razorpayCaptured } from '../ingest/support.js';
import { captureOutput } from './support.js';

const SECRET = 'whsec_Sup3rS3cretValue_9c1e';
const SECRET_ID = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:eum-social/razorpay-webhook-AbCdEf';
const secretsManager = mockClient(SecretsManagerClient);

/** An HTTP API (payload v2) / Function URL event: lower-case headers, body possibly base64. */
function httpEvent(rawBody: string, headers: Record<string, string>, base64 = false): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    headers: Object.fromEntries(Object.entries({ 'content-type': 'application/json', ...headers }).map(([k, v]) => [k.toLowerCase(), v])),
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.lambda-url.us-east-1.on.aws',
      domainPrefix: 'abc123',
      http: { method: 'POST', path: '/', protocol: 'HTTP/1.1', sourceIp: '203.0.113.10', userAgent: 'Razorpay-Webhook/v1' },
      requestId: 'req-1',
      routeKey: '$default',
      stage: '$default',
      time: '01/Jan/2026:00:00:00 +0000',
      timeEpoch: 1767225600000,
    },
    body: base64 ? Buffer.from(rawBody, 'utf8').toString('base64') : rawBody,
    isBase64Encoded: base64,
  };
}

let publisher: CollectingPublisher;
let dedupe: MemoryDedupe;
let secrets: SecretsManagerProvider;
let output: ReturnType<typeof captureOutput>;
beforeEach(() => {
  secretsManager.reset();
  secretsManager.on(GetSecretValueCommand, { SecretId: SECRET_ID }).resolves({ SecretString: SECRET });
  process.env.RAZORPAY_WEBHOOK_SECRET_ID = SECRET_ID;
  publisher = new CollectingPublisher();
  dedupe = new MemoryDedupe();
  secrets = new SecretsManagerProvider(new SecretsManagerClient({ region: 'us-east-1' }));
  output = captureOutput();
});
afterEach(() => {
  output.restore();
  // The secret must never reach the logs, whatever the outcome of the request.
  expect(output.text()).not.toContain(SECRET);
  delete process.env.RAZORPAY_WEBHOOK_SECRET_ID;
});

/** As deployed (instrumented: its logs are checked for the secret), over this test's adapters, fresh for each test. */
const handler = instrumented(
  'ingest-razorpay',
  ingestRazorpayHandler(() => ({ publisher, dedupe, secrets })),
);
const call = async (event: APIGatewayProxyEventV2) => (await handler(event)) as APIGatewayProxyStructuredResultV2;

describe('ingest-razorpay handler (Function URL / HTTP API v2)', () => {
  it('accepts a signed base64 body: 200, one event published, the secret read once by id and cached', async () => {
    // Prepare
    const rawBody = razorpayCaptured('pay_Handler0001');
    const headers = { 'X-Razorpay-Signature': signRazorpayBody(rawBody, SECRET), 'X-Razorpay-Event-Id': 'evt_H1' };
    // Act
    const res = await call(httpEvent(rawBody, headers, true));
    const again = await call(
      httpEvent(razorpayCaptured('pay_Handler0002'), { 'X-Razorpay-Signature': signRazorpayBody(razorpayCaptured('pay_Handler0002'), SECRET), 'X-Razorpay-Event-Id': 'evt_H2' }),
    );
    // Assess
    expect(res.statusCode).toBe(200);
    expect(res.headers).toEqual({ 'content-type': 'application/json' });
    expect(JSON.parse(String(res.body))).toMatchObject({ published: 1, duplicates: 0 });
    expect(again.statusCode).toBe(200);
    expect(publisher.events.map((e) => e.detail.eventId)).toEqual(['rzp:pay:pay_Handler0001:captured', 'rzp:pay:pay_Handler0002:captured']);
    expect(secretsManager.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input.SecretId)).toEqual([SECRET_ID]);
  });

  it('verifies over the decoded bytes: a signature over the base64 text is rejected', async () => {
    const rawBody = razorpayCaptured('pay_Handler0003');
    const base64 = Buffer.from(rawBody).toString('base64');
    const res = await call(httpEvent(rawBody, { 'X-Razorpay-Signature': signRazorpayBody(base64, SECRET), 'X-Razorpay-Event-Id': 'evt_H3' }, true));
    expect(res.statusCode).toBe(401);
    expect(publisher.events).toEqual([]);
  });

  it('a forged signature: 401, logged without the secret, nothing stored or published', async () => {
    const rawBody = razorpayCaptured('pay_Handler0004');
    const res = await call(httpEvent(rawBody, { 'X-Razorpay-Signature': signRazorpayBody(rawBody, 'guess'), 'X-Razorpay-Event-Id': 'evt_H4' }));
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(String(res.body))).toEqual({ error: 'X-Razorpay-Signature does not match the body' });
    expect(output.text()).toContain('razorpay signature mismatch');
    expect(publisher.events).toEqual([]);
    expect(dedupe.states.size + dedupe.rejected.length).toBe(0);
  });

  it('a signed but invalid body: 400 naming the field; kept for investigation, the secret absent from what is kept and logged', async () => {
    const rawBody = JSON.stringify({
      entity: 'event',
      event: 'payment.captured',
      contains: ['payment'],
      payload: { payment: { entity: { id: 'pay_X', amount: '100', currency: 'INR', status: 'captured' } } },
    });
    const res = await call(httpEvent(rawBody, { 'X-Razorpay-Signature': signRazorpayBody(rawBody, SECRET), 'X-Razorpay-Event-Id': 'evt_H5' }));
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(String(res.body)).error).toMatch(/payload\.payment\.entity\.amount: Invalid input: expected number/);
    expect(dedupe.rejected).toHaveLength(1);
    expect(JSON.stringify(dedupe.rejected)).not.toContain(SECRET);
    expect(output.text()).toMatch(/razorpay webhook rejected.*payload\.payment\.entity\.amount/);
  });

  it.each([
    ['a missing signature', () => httpEvent(razorpayCaptured('pay_H6'), { 'X-Razorpay-Event-Id': 'evt_H6' }), 401, 'X-Razorpay-Signature header is missing'],
    ['an oversized body', () => httpEvent(`{"pad":"${'x'.repeat(300 * 1024)}"}`, { 'X-Razorpay-Signature': 'a'.repeat(64) }), 413, 'body larger than 262144 bytes'],
    ['a signed body that is not JSON', () => httpEvent('{"entity":', { 'X-Razorpay-Signature': signRazorpayBody('{"entity":', SECRET) }), 400, 'body is not valid JSON'],
  ])('%s is refused with a logged reason and nothing published', async (_name, event, statusCode, reason) => {
    const res = await call(event());
    expect(res.statusCode).toBe(statusCode);
    expect(JSON.parse(String(res.body)).error).toContain(reason);
    const logged = output
      .text()
      .split('\n')
      .filter((l) => l.includes('razorpay webhook rejected'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged).toEqual([expect.objectContaining({ level: 'WARN', statusCode, reason: expect.stringContaining(reason) })]);
    expect(publisher.events).toEqual([]);
  });
});
