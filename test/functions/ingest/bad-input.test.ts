import { afterEach, describe, expect, it, vi } from 'vitest';
import { DynamoDedupeStore } from '../../../functions/adapters/dynamodb/dedupe-store.js';
import { ingestEumHttp, ingestEumMessage } from '../../../functions/ingest/eum-ingest.js';
import { ingestRazorpayWebhook, MAX_RAZORPAY_BODY_BYTES } from '../../../functions/ingest/razorpay-ingest.js';
import { logger } from '../../../functions/observability/logger.js';
import { testTable } from '../../support/test-table.js';
import { CollectingPublisher, MemoryDedupe } from '../../support/fakes.js';
import { backboneFixture, eumMessage, metaStatus, razorpayCaptured, scanAll, signedHeaders, snsHttpNotification, statusEntry, WABA, wabaEntry } from './support.js';

const SECRET = 'whsec_test_backbone';

function memoryDeps() {
  return { publisher: new CollectingPublisher(), dedupe: new MemoryDedupe() };
}

afterEach(() => vi.restoreAllMocks());

describe('EUM ingress: malformed JSON at each layer', () => {
  it('an SNS Message that is not JSON is rejected naming the layer, kept, and nothing is published', async () => {
    // Prepare
    const deps = memoryDeps();
    const warn = vi.spyOn(logger, 'warn');
    // Act
    const report = await ingestEumMessage('{"context": {', deps);
    // Assess
    expect(report.invalid).toMatch(/^Message: not valid JSON/);
    expect(deps.dedupe.rejected).toEqual([expect.objectContaining({ source: 'eum-sns', raw: '{"context": {', reason: report.invalid })]);
    expect(deps.publisher.events).toEqual([]);
    expect(warn).toHaveBeenCalledWith('rejected payload', expect.objectContaining({ reason: report.invalid }));
  });

  it('a whatsAppWebhookEntry string that is not JSON is rejected naming whatsAppWebhookEntry', async () => {
    const deps = memoryDeps();
    const body = eumMessage('{"id":"900000000000001","changes":[');
    const report = await ingestEumMessage(body, deps);
    expect(report.invalid).toMatch(/^whatsAppWebhookEntry: not valid JSON/);
    expect(deps.dedupe.rejected).toHaveLength(1);
    expect(deps.publisher.events).toEqual([]);
  });

  it('an HTTP body that is not JSON gets 400 and is kept', async () => {
    const deps = memoryDeps();
    const warn = vi.spyOn(logger, 'warn');
    const res = await ingestEumHttp('not json at all', deps);
    expect(res.statusCode).toBe(400);
    expect(warn).toHaveBeenCalledWith('rejected payload', { source: 'eum-http', reason: expect.stringMatching(/^body: not valid JSON/) });
    expect(res.body).toEqual({ error: expect.stringMatching(/^body: not valid JSON/) });
    expect(deps.dedupe.rejected).toEqual([expect.objectContaining({ source: 'eum-http', raw: 'not json at all' })]);
  });

  it('an SNS notification over HTTP whose Message is broken gets 400 naming the layer', async () => {
    const deps = memoryDeps();
    const res = await ingestEumHttp(snsHttpNotification('Notification', eumMessage('{broken')), deps);
    expect(res.statusCode).toBe(400);
    expect(res.body).toEqual({ error: expect.stringMatching(/^whatsAppWebhookEntry: not valid JSON/) });
    expect(deps.publisher.events).toEqual([]);
  });
});

describe('EUM ingress: unknown change kinds and missing fields', () => {
  it('unknown change kinds are acknowledged and counted, never rejected', async () => {
    // Prepare
    const deps = memoryDeps();
    const entry = backboneFixture('unknown-change-fields.webhook.json').entry[0];
    // Act
    const http = await ingestEumHttp(snsHttpNotification('Notification', eumMessage(entry)), deps);
    // Assess
    expect(http.statusCode).toBe(200);
    expect(http.body).toMatchObject({
      ignored: [
        { field: 'business_capability_update', reason: expect.any(String) },
        { field: 'some_future_field', reason: expect.any(String) },
      ],
      rejected: [],
      published: [],
    });
    expect(deps.dedupe.rejected).toEqual([]);
  });

  it('an envelope without whatsAppWebhookEntry names the field and the rule', async () => {
    const deps = memoryDeps();
    const report = await ingestEumMessage(JSON.stringify({ aws_account_id: '123456789012' }), deps);
    expect(report.invalid).toBe('EUM SNS message: whatsAppWebhookEntry: Invalid input: expected string, received undefined');
  });

  it('an entry without changes names the field and the rule', async () => {
    const deps = memoryDeps();
    const report = await ingestEumMessage(eumMessage({ id: WABA }), deps);
    expect(report.invalid).toBe('whatsAppWebhookEntry: changes: Invalid input: expected array, received undefined');
  });

  it('a template update without its id is rejected with the path and rule; the other change in the entry still publishes', async () => {
    // Prepare
    const deps = memoryDeps();
    const entry = wabaEntry([
      { field: 'message_template_status_update', value: { event: 'APPROVED', message_template_name: 'no_id' } },
      { field: 'message_template_status_update', value: { event: 'APPROVED', message_template_id: 7000000000000009, message_template_name: 'has_id' } },
    ]);
    // Act
    const report = await ingestEumMessage(eumMessage(entry), deps);
    // Assess
    expect(report.rejected).toEqual([{ path: 'changes[0].value', reason: expect.stringMatching(/^message_template_id: Invalid input/) }]);
    expect(deps.publisher.events.map((e) => e.detail.eventId)).toEqual(['tpl:7000000000000009:APPROVED:1767229200']);
  });

  it('a status without a timestamp is rejected naming statuses[i].timestamp', async () => {
    const deps = memoryDeps();
    const report = await ingestEumMessage(eumMessage(statusEntry([{ id: 'wamid.NOTS', status: 'sent', recipient_id: '1' }])), deps);
    expect(report.rejected).toEqual([{ path: 'changes[0].value.statuses[0]', reason: expect.stringMatching(/^timestamp: Invalid input/) }]);
    expect(deps.publisher.events).toEqual([]);
  });
});

describe('on dynalite with the real DynamoDedupeStore', () => {
  const table = testTable();
  const dynamoDeps = () => ({ publisher: new CollectingPublisher(), dedupe: new DynamoDedupeStore(table.db, table.tableName) });

  it('one invalid status beside valid ones: the valid ones are published, the invalid one is kept with its path', async () => {
    // Prepare
    const deps = dynamoDeps();
    const body = eumMessage(backboneFixture('mixed-batch-with-invalid-status.webhook.json').entry[0]);
    // Act
    const report = await ingestEumMessage(body, deps);
    // Assess
    expect(deps.publisher.events.map((e) => e.detail.eventId)).toEqual([
      'msg:wamid.BACKBONE.IN.TEXT.1',
      'msg:wamid.BACKBONE.IN.BUTTON.1',
      'status:wamid.BACKBONE.OUT.A:sent',
      'status:wamid.BACKBONE.OUT.B:delivered',
    ]);
    expect(report.rejected).toEqual([{ path: 'changes[0].value.statuses[1]', reason: expect.stringMatching(/^id: Invalid input: expected string/) }]);
    const kept = (await scanAll(table.db, table.tableName)).filter((i) => String(i.pk).startsWith('REJECTED#'));
    expect(kept).toEqual([expect.objectContaining({ source: 'eum-sns', raw: body, reason: expect.stringContaining('changes[0].value.statuses[1]: id: Invalid input') })]);
    const completed = (await scanAll(table.db, table.tableName)).filter((i) => String(i.pk).startsWith('DEDUPE#'));
    expect(completed.map((i) => i.state)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED']);
  });

  it('the same delivery again publishes nothing new', async () => {
    const deps = dynamoDeps();
    const body = eumMessage(backboneFixture('mixed-batch-with-invalid-status.webhook.json').entry[0]);
    const report = await ingestEumMessage(body, deps);
    expect(report.published).toEqual([]);
    expect(report.duplicates).toHaveLength(4);
    expect(deps.publisher.events).toEqual([]);
  });

  describe('Razorpay', () => {
    const razorpayDeps = () => ({ ...dynamoDeps(), webhookSecret: async () => SECRET });

    it.each([
      ['missing', (raw: string) => ({ 'X-Razorpay-Event-Id': 'evt_Missing' }), /missing/],
      ['forged', (raw: string) => ({ 'X-Razorpay-Signature': 'f'.repeat(64), 'X-Razorpay-Event-Id': 'evt_Forged' }), /does not match/],
      ['not hex', (raw: string) => ({ 'X-Razorpay-Signature': 'sha256=abc', 'X-Razorpay-Event-Id': 'evt_NotHex' }), /does not match/],
      ['signed with another secret', (raw: string) => signedHeaders(raw, 'another-secret', 'evt_WrongSecret'), /does not match/],
      ['signed over a different body', (raw: string) => signedHeaders(raw.replace('49900', '49901'), SECRET, 'evt_OtherBody'), /does not match/],
    ])('a %s signature gets 401 and nothing is stored or published', async (_name, headersFor, message) => {
      // Prepare
      const deps = razorpayDeps();
      const rawBody = razorpayCaptured('pay_Unsigned0001');
      const before = await scanAll(table.db, table.tableName);
      // Act
      const res = await ingestRazorpayWebhook({ headers: headersFor(rawBody), rawBody }, deps);
      // Assess
      expect(res.statusCode).toBe(401);
      expect(String(res.body.error)).toMatch(message);
      expect(deps.publisher.events).toEqual([]);
      expect(await scanAll(table.db, table.tableName)).toEqual(before);
    });

    it('an oversized body gets 413 before anything else, and nothing is stored', async () => {
      const deps = razorpayDeps();
      const rawBody = JSON.stringify({ entity: 'event', pad: 'x'.repeat(MAX_RAZORPAY_BODY_BYTES) });
      const before = await scanAll(table.db, table.tableName);
      const res = await ingestRazorpayWebhook({ headers: signedHeaders(rawBody, SECRET, 'evt_Big'), rawBody }, deps);
      expect(res.statusCode).toBe(413);
      expect(deps.publisher.events).toEqual([]);
      expect(await scanAll(table.db, table.tableName)).toEqual(before);
    });

    it('a replayed valid delivery (same X-Razorpay-Event-Id) answers 200 duplicate and is not republished', async () => {
      // Prepare
      const deps = razorpayDeps();
      const rawBody = razorpayCaptured('pay_Replay0001');
      const headers = signedHeaders(rawBody, SECRET, 'evt_Replay0001');
      // Act
      const first = await ingestRazorpayWebhook({ headers, rawBody }, deps);
      const second = await ingestRazorpayWebhook({ headers, rawBody }, deps);
      // Assess
      expect(first).toMatchObject({ statusCode: 200, body: { published: 1 } });
      expect(second).toEqual({ statusCode: 200, body: { duplicate: true, deliveryId: 'evt_Replay0001' } });
      expect(deps.publisher.events.map((e) => e.detail.eventId)).toEqual(['rzp:pay:pay_Replay0001:captured']);
    });

    it('the same state in a new delivery (new event id) is a duplicate event, not a second publish', async () => {
      const deps = razorpayDeps();
      const rawBody = razorpayCaptured('pay_Replay0001');
      const res = await ingestRazorpayWebhook({ headers: signedHeaders(rawBody, SECRET, 'evt_Replay0002'), rawBody }, deps);
      expect(res).toMatchObject({ statusCode: 200, body: { published: 0, duplicates: 1 } });
      expect(deps.publisher.events).toEqual([]);
    });

    it('a signed body that breaks the schema gets 400 naming the field, is kept, and its delivery can be retried', async () => {
      // Prepare: amount in rupees with decimals instead of integer paise
      const deps = razorpayDeps();
      const rawBody = razorpayCaptured('pay_Float0001', 499.5);
      const headers = signedHeaders(rawBody, SECRET, 'evt_Float0001');
      // Act
      const res = await ingestRazorpayWebhook({ headers, rawBody }, deps);
      // Assess
      expect(res.statusCode).toBe(400);
      expect(res.body.error).toBe('Razorpay webhook: payload.payment.entity.amount: Invalid input: expected int, received number');
      const items = await scanAll(table.db, table.tableName);
      expect(items.filter((i) => i.source === 'razorpay')).toEqual([expect.objectContaining({ raw: rawBody })]);
      expect(items.find((i) => i.pk === 'DEDUPE#rzp-delivery:evt_Float0001')).toBeUndefined();
    });

    it('a signed body that is not JSON gets 400', async () => {
      const deps = razorpayDeps();
      const rawBody = '{"entity":"event",';
      const res = await ingestRazorpayWebhook({ headers: signedHeaders(rawBody, SECRET, 'evt_NotJson'), rawBody }, deps);
      expect(res.statusCode).toBe(400);
      expect(String(res.body.error)).toMatch(/^body is not valid JSON/);
    });
  });

  it('an SNS SubscriptionConfirmation over HTTP is acknowledged and ignored: nothing published or stored', async () => {
    const deps = dynamoDeps();
    const before = await scanAll(table.db, table.tableName);
    const res = await ingestEumHttp(snsHttpNotification('SubscriptionConfirmation', 'You have chosen to subscribe to the topic …'), deps);
    expect(res).toEqual({ statusCode: 200, body: { ignored: 'SNS SubscriptionConfirmation message' } });
    expect(deps.publisher.events).toEqual([]);
    expect(await scanAll(table.db, table.tableName)).toEqual(before);
  });
});

describe('statuses we do not track', () => {
  it('are acknowledged as ignored beside tracked ones', async () => {
    const deps = memoryDeps();
    const report = await ingestEumMessage(eumMessage(statusEntry([metaStatus('wamid.X', 'sent', 1767225600), metaStatus('wamid.X', 'played', 1767225601)])), deps);
    expect(report.published).toEqual(['status:wamid.X:sent']);
    expect(report.ignored).toEqual([{ field: 'messages.statuses', reason: 'status "played" not tracked' }]);
  });
});

describe('one malformed change beside a valid one in the same entry', () => {
  it('the valid change is published; the malformed one is rejected naming changes[i].field', async () => {
    // Prepare: Meta's docs show samples with `field` misplaced; here the second change lacks it
    const deps = memoryDeps();
    const entry = wabaEntry([
      { field: 'message_template_status_update', value: { event: 'APPROVED', message_template_id: 7000000000000010 } },
      { value: { event: 'REJECTED', message_template_id: 7000000000000011 } },
    ]);
    // Act
    const report = await ingestEumMessage(eumMessage(entry), deps);
    // Assess
    expect(report.invalid).toBeUndefined();
    expect(deps.publisher.events.map((e) => e.detail.eventId)).toEqual(['tpl:7000000000000010:APPROVED:1767229200']);
    expect(report.rejected).toEqual([{ path: 'changes[1]', reason: 'field: Invalid input: expected string, received undefined' }]);
    expect(deps.dedupe.rejected).toHaveLength(1);
  });
});

describe('Razorpay events this system does not handle', () => {
  const body = (event: string, payload: Record<string, unknown>) =>
    JSON.stringify({ entity: 'event', account_id: 'acc_TestAccount0001', event, contains: Object.keys(payload), payload, created_at: 1767225600 });

  it.each([
    // Razorpay docs, webhooks/disputes: three-part event names
    [
      'payment.dispute.created',
      {
        payment: { entity: { id: 'pay_Disputed0001', entity: 'payment', amount: 10000, currency: 'INR', status: 'captured' } },
        dispute: { entity: { id: 'disp_0001', entity: 'dispute', amount: 10000, currency: 'INR', status: 'open' } },
      },
    ],
    // Razorpay docs, webhooks/payment-downtime: the entity key itself has a dot
    ['payment.downtime.started', { 'payment.downtime': { entity: { id: 'down_0001', entity: 'payment.downtime', method: 'upi', status: 'started' } } }],
    // Razorpay docs, webhooks/subscriptions
    ['subscription.activated', { subscription: { entity: { id: 'sub_0001', entity: 'subscription', status: 'active' } } }],
  ])('%s is acknowledged (200, ignored), not rejected', async (event, payload) => {
    // Prepare
    const deps = { ...memoryDeps(), webhookSecret: async () => SECRET };
    const rawBody = body(event, payload);
    // Act
    const res = await ingestRazorpayWebhook({ headers: signedHeaders(rawBody, SECRET, `evt_${event}`), rawBody }, deps);
    // Assess
    expect(res).toEqual({ statusCode: 200, body: { published: 0, duplicates: 0, ignored: [{ field: event, reason: 'event kind not handled by this system' }] } });
    expect(deps.publisher.events).toEqual([]);
    expect(deps.dedupe.rejected).toEqual([]);
  });
});
