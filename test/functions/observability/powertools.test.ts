import type { Context, SNSEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { captureOutput } from '../handlers/support.js';
import { CollectingPublisher, MemoryDedupe } from '../../support/fakes.js';
import { backboneFixture, eumMessage, metaStatus, statusEntry } from '../ingest/support.js';

// As Lambda runs them: metrics on (vitest.config.ts turns them off for the other tests), on-demand
// environments; every log line, for the modules each test imports afresh (vi.resetModules).
const saved = { ...process.env };
beforeAll(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
});
afterAll(() => {
  for (const k of ['POWERTOOLS_METRICS_DISABLED', 'AWS_LAMBDA_INITIALIZATION_TYPE', 'POWERTOOLS_LOG_LEVEL']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});
afterEach(() => {
  vi.resetModules();
});

function lambdaContext(requestId: string): Context {
  return {
    functionName: 'ingest-eum',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:ingest-eum',
    memoryLimitInMB: '256',
    awsRequestId: requestId,
    logGroupName: '/aws/lambda/ingest-eum',
    logStreamName: 'stream',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

function snsEvent(message: string, messageId = 'sns-1'): SNSEvent {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:eum-social-events:sub',
        Sns: {
          Type: 'Notification',
          MessageId: messageId,
          TopicArn: 'arn:aws:sns:us-east-1:123456789012:eum-social-events',
          Subject: '',
          Message: message,
          Timestamp: new Date().toISOString(),
          SignatureVersion: '1',
          Signature: 'sig',
          SigningCertUrl: 'https://sns.example/cert.pem',
          UnsubscribeUrl: 'https://sns.example/unsubscribe',
          MessageAttributes: {},
        },
      },
    ],
  };
}

/** A fresh copy of the handler, instrumented as its file does (cold start again), over in-memory adapters. */
async function freshIngestEum() {
  const { ingestEumHandler } = await import('../../../functions/handlers/ingest-eum.js');
  const { instrumented } = await import('../../../functions/observability/index.js');
  const publisher = new CollectingPublisher();
  const dedupe = new MemoryDedupe();
  const handler = instrumented(
    'ingest-eum',
    ingestEumHandler(() => ({ publisher, dedupe })),
  );
  return { handler, publisher, dedupe };
}

type Json = Record<string, any>;
const jsonLines = (text: string): Json[] =>
  text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Json);
const emf = (lines: Json[]) => lines.filter((l) => l._aws);
const emfWith = (lines: Json[], metric: string) => emf(lines).filter((l) => l._aws.CloudWatchMetrics[0].Metrics.some((m: Json) => m.Name === metric));

describe('Powertools on a handler (instrumented)', () => {
  it('logs with the Lambda context: cold_start true then false, the request id, the function and its service', async () => {
    const { handler } = await freshIngestEum();
    const out = captureOutput();
    const now = Math.floor(Date.now() / 1000);
    await handler(snsEvent(eumMessage(statusEntry([metaStatus('wamid.CTX.1', 'sent', now)])), 'sns-a'), lambdaContext('req-1'));
    await handler(snsEvent(eumMessage(statusEntry([metaStatus('wamid.CTX.2', 'sent', now)])), 'sns-b'), lambdaContext('req-2'));
    const lines = jsonLines(out.text()).filter((l) => l.message === 'ingested');
    out.restore();
    expect(lines).toEqual([
      expect.objectContaining({ cold_start: true, function_request_id: 'req-1', function_name: 'ingest-eum', service: 'eum-social-ingest-eum', correlationId: 'sns-a' }),
      expect.objectContaining({ cold_start: false, function_request_id: 'req-2', function_name: 'ingest-eum', service: 'eum-social-ingest-eum', correlationId: 'sns-b' }),
    ]);
  });

  it('emits the ingest metrics as EMF: published, duplicates, rejected parts, latency from the provider timestamp; and one ColdStart', async () => {
    const { handler, publisher } = await freshIngestEum();
    const out = captureOutput();
    const sentAt = Math.floor(Date.now() / 1000) - 30;
    const fresh = eumMessage(statusEntry([metaStatus('wamid.EMF.1', 'sent', sentAt), metaStatus('wamid.EMF.2', 'delivered', sentAt)]));
    await handler(snsEvent(fresh), lambdaContext('req-1'));
    // The same delivery again: both are duplicates. Then a batch with one invalid status among four good events.
    await handler(snsEvent(fresh), lambdaContext('req-2'));
    await handler(snsEvent(eumMessage(backboneFixture('mixed-batch-with-invalid-status.webhook.json').entry[0])), lambdaContext('req-3'));
    const lines = jsonLines(out.text());
    out.restore();
    const ingest = emfWith(lines, 'EventsIngested');
    expect(ingest).toHaveLength(3);
    for (const line of ingest) {
      expect(line._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'eum-social', Dimensions: [['service']] });
      expect(line.service).toBe('eum-social-ingest-eum');
    }
    expect(ingest.map((l) => [l.EventsIngested, l.DuplicatesSkipped, l.RejectedParts])).toEqual([
      [2, 0, 0],
      [0, 2, 0],
      [publisher.events.length - 2, 0, 1],
    ]);
    // Both events of the first delivery waited ~30 s (Meta's timestamps have whole seconds).
    const latencies = ingest[0]!.IngestLatency as number[];
    expect(latencies).toHaveLength(2);
    for (const ms of latencies) expect(ms).toBeGreaterThanOrEqual(29_000), expect(ms).toBeLessThan(40_000);
    expect(ingest[1]).not.toHaveProperty('IngestLatency');
    const cold = emfWith(lines, 'ColdStart');
    expect(cold).toEqual([expect.objectContaining({ service: 'eum-social-ingest-eum', function_name: 'ingest-eum', ColdStart: 1 })]);
    expect(cold[0]!._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service', 'function_name']]);
  });

  it('a workflow outcome is counted once, with its workflow and outcome, and the result is returned unchanged', async () => {
    const { instrumented, measure } = await import('../../../functions/observability/index.js');
    const results = [
      { emitted: true, outcome: 'paid' },
      { emitted: false, outcome: 'paid' },
    ];
    const handler = instrumented('emit-payment-outcome', async (i: { n: number }) => results[i.n]!, measure.paymentOutcome);
    const out = captureOutput();
    const first = await handler({ n: 0 });
    const retry = await handler({ n: 1 });
    const lines = jsonLines(out.text());
    out.restore();
    expect(first).toBe(results[0]);
    expect(retry).toBe(results[1]);
    const outcomes = emfWith(lines, 'WorkflowOutcome');
    expect(outcomes).toEqual([expect.objectContaining({ service: 'eum-social-emit-payment-outcome', workflow: 'PaymentLifecycle', outcome: 'paid', WorkflowOutcome: 1 })]);
    expect(outcomes[0]!._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service', 'workflow', 'outcome']]);
  });

  it('the template outcome comes from the Task input; a status change from the event detail', async () => {
    const { instrumented, measure } = await import('../../../functions/observability/index.js');
    const emit = instrumented('emit-template-outcome', async () => ({ emitted: true }), measure.templateOutcome);
    const record = instrumented('record-template-status', async () => ({ applied: true, resumed: 0 }), measure.templateStatus);
    const out = captureOutput();
    await emit({ outcome: 'REJECTED', name: 't', language: 'en', version: 1 });
    await record({ detail: { status: 'PAUSED' } });
    const lines = jsonLines(out.text());
    out.restore();
    expect(emfWith(lines, 'WorkflowOutcome')).toEqual([expect.objectContaining({ workflow: 'TemplateApproval', outcome: 'rejected' })]);
    expect(emfWith(lines, 'TemplateStatusChanges')).toEqual([
      expect.objectContaining({ service: 'eum-social-record-template-status', status: 'PAUSED', TemplateStatusChanges: 1 }),
    ]);
  });

  it('a handler that throws still publishes what it stored, and its error reaches the caller unchanged', async () => {
    const { instrumented, recordIngest } = await import('../../../functions/observability/index.js');
    const boom = new Error('bus down');
    const handler = instrumented('ingest-razorpay', async () => {
      recordIngest({ published: 0, duplicates: 1, rejected: 0 });
      throw boom;
    });
    const out = captureOutput();
    const err = await handler({}).catch((e: unknown) => e);
    const lines = jsonLines(out.text());
    out.restore();
    expect(err).toBe(boom);
    expect(emfWith(lines, 'DuplicatesSkipped')).toEqual([expect.objectContaining({ service: 'eum-social-ingest-razorpay', DuplicatesSkipped: 1 })]);
  });

  it('a metric that cannot be recorded is logged and changes nothing the handler answers', async () => {
    const { instrumented } = await import('../../../functions/observability/index.js');
    const answer = { statusCode: 200 };
    const handler = instrumented(
      'actions',
      async () => answer,
      () => {
        throw new RangeError('bad metric');
      },
    );
    const out = captureOutput();
    const result = await handler({});
    const lines = jsonLines(out.text());
    out.restore();
    expect(result).toBe(answer);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'WARN', message: 'metrics not recorded', error: 'bad metric' }));
  });

  it('offline the Tracer is a no-op: clients come back as they were and an invocation prints nothing but JSON', async () => {
    const { tracer, traced, instrumented } = await import('../../../functions/observability/index.js');
    const client = { send: async () => 'sent', middlewareStack: { add: () => undefined } };
    const out = captureOutput();
    const result = await instrumented('poll-quality', async () => 'done')({}, lambdaContext('req-t'));
    const text = out.text();
    out.restore();
    expect(tracer.isTracingEnabled()).toBe(false);
    expect(traced(client)).toBe(client);
    expect(result).toBe('done');
    expect(text.split('\n').filter((l) => l.trim() && !l.startsWith('{'))).toEqual([]);
  });

  it('outside an invocation nothing is recorded (a library function called on its own)', async () => {
    const { recordIngest } = await import('../../../functions/observability/index.js');
    const out = captureOutput();
    recordIngest({ published: 3, duplicates: 0, rejected: 0 });
    const text = out.text();
    out.restore();
    expect(text).toBe('');
  });
});
