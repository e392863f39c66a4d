import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import { DynamoMessageStore } from '../../functions/adapters/dynamodb/message-store.js';
import { formatSummary, runScenarios } from '../../local/demo/harness.js';
import { DEFAULT_IDS, statusUpdate } from '../../local/demo/backbone-payloads.js';
import { snsNotification } from '../../local/sandboxes/shared/sns.js';
import { startRuntime, type Runtime } from '../../local/runtime.js';

describe('backbone end to end on the local runtime', () => {
  let rt: Runtime;
  beforeAll(async () => {
    rt = await startRuntime({ memory: true, port: 0, timeScale: 0.001, quiet: true });
  });
  afterAll(async () => rt?.stop());

  it('stores one message with final status read when its statuses arrive newest first', async () => {
    // Prepare: SNS notifications exactly as SNS posts them to an HTTPS subscriber
    const wamid = 'wamid.E2E-REVERSE';
    const t = 1_767_225_600;
    const bodies = [statusUpdate(DEFAULT_IDS, wamid, 'read', t + 30), statusUpdate(DEFAULT_IDS, wamid, 'delivered', t + 20), statusUpdate(DEFAULT_IDS, wamid, 'sent', t + 10)];
    // Act
    const answers = [];
    for (const body of bodies) answers.push(await rt.postWebhook('/webhooks/eum', snsNotification(body), { 'x-amz-sns-message-type': 'Notification' }));
    await rt.idle();
    // Assess
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    const store = new DynamoMessageStore(createDocumentClient(rt.dynamo), rt.tableName);
    const message = await store.getMessage(wamid);
    expect(message?.status).toBe('read');
    expect(await store.getStatusHistory(wamid)).toHaveLength(3);
    expect(rt.events({ detailType: 'message.status' }).filter((e) => e.detail.messageKey === wamid)).toHaveLength(3);
  });

  it('shows the journey of an event: ingress → rule → record-message → item written', async () => {
    const event = rt.events({ detailType: 'message.status' }).find((e) => e.detail.messageKey === 'wamid.E2E-REVERSE' && e.detail.status === 'read')!;
    const res = await fetch(`${rt.url}/events/${encodeURIComponent(event.detail.eventId)}/trace`);
    expect(res.status).toBe(200);
    const trace = (await res.json()) as { steps: { kind: string; actor?: string; rule?: string; pk?: string }[] };
    const kinds = trace.steps.map((s) => s.kind);
    expect(kinds[0]).toBe('ingress');
    expect(trace.steps[0]!.actor).toBe('POST /webhooks/eum');
    expect(trace.steps.find((s) => s.kind === 'rule-matched')?.rule).toBe('record-message');
    expect(trace.steps.some((s) => s.kind === 'item-written' && s.actor === 'lambda:record-message' && s.pk === 'MSG#wamid.E2E-REVERSE')).toBe(true);
    expect(trace.steps.some((s) => s.kind === 'target-invoked' && s.actor === 'lambda:record-message')).toBe(true);
  });

  it('answers a forged Razorpay signature with 401 and stores nothing', async () => {
    // Prepare
    const before = await rt.dynamo.send(new ScanCommand({ TableName: rt.tableName, Select: 'COUNT' }));
    const eventsBefore = rt.events().length;
    const body = JSON.stringify({ entity: 'event', event: 'payment_link.paid', account_id: 'acc_X', contains: ['payment_link'], payload: {}, created_at: 1767225600 });
    const forged = createHmac('sha256', 'not-the-secret').update(body).digest('hex');
    // Act
    const res = await rt.postWebhook('/webhooks/razorpay', body, { 'x-razorpay-signature': forged, 'x-razorpay-event-id': 'evt_forged_1' });
    await rt.idle();
    // Assess
    expect(res.statusCode).toBe(401);
    const after = await rt.dynamo.send(new ScanCommand({ TableName: rt.tableName, Select: 'COUNT' }));
    expect(after.Count).toBe(before.Count);
    expect(rt.events().length).toBe(eventsBefore);
  });

  it('refuses bodies over 1 MB with 413', async () => {
    const res = await rt.postWebhook('/webhooks/eum', 'x'.repeat(1024 * 1024 + 1));
    expect(res.statusCode).toBe(413);
  });

  it('runs the backbone demo scenario through the CLI-free harness', async () => {
    const results = await runScenarios(rt, { only: ['backbone'], quiet: true });
    expect(results).toHaveLength(1);
    expect(results[0], formatSummary(results)).toMatchObject({ name: 'backbone', ok: true });
  });
});
