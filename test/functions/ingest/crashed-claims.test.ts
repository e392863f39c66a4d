import { describe, expect, it } from 'vitest';
import { DynamoDedupeStore } from '../../../functions/adapters/dynamodb/dedupe-store.js';
import { ingestEumHttp } from '../../../functions/ingest/eum-ingest.js';
import { ingestRazorpayWebhook } from '../../../functions/ingest/razorpay-ingest.js';
import { testTable } from '../../support/test-table.js';
import { CollectingPublisher } from '../../support/fakes.js';
import { backboneFixture, eumMessage, razorpayCaptured, signedHeaders } from './support.js';

/**
 * A delivery that dies between claiming its events and publishing them leaves IN_PROGRESS claims.
 * The provider redelivers it (it never got a 2xx); that redelivery must not be taken for a
 * duplicate: it gets "retry later" until the claim expires, and then it is published.
 */
const SECRET = 'whsec_test_crashed_claims';
const table = testTable();

function depsAt(clock: { now: number }) {
  return { publisher: new CollectingPublisher(), dedupe: new DynamoDedupeStore(table.db, table.tableName, () => clock.now, 60) };
}

describe('a redelivery after a crash mid-delivery', () => {
  it('EUM: answers 503 for the events the dead attempt claimed, publishes the others, and publishes the rest once the claim expires', async () => {
    // Prepare: the dead attempt claimed the first message of the batch and never published it
    const clock = { now: Date.UTC(2026, 2, 1, 10) };
    const body = eumMessage(backboneFixture('mixed-batch-with-invalid-status.webhook.json').entry[0]);
    await depsAt(clock).dedupe.claim('msg:wamid.BACKBONE.IN.TEXT.1');
    // Act 1: the provider redelivers at once
    const early = depsAt(clock);
    const first = await ingestEumHttp(body, early);
    // Assess 1: not acknowledged, yet nothing valid beside it waited
    expect(first.statusCode).toBe(503);
    expect(first.body).toMatchObject({ inFlight: ['msg:wamid.BACKBONE.IN.TEXT.1'] });
    expect(early.publisher.events.map((e) => e.detail.eventId)).toEqual([
      'msg:wamid.BACKBONE.IN.BUTTON.1',
      'status:wamid.BACKBONE.OUT.A:sent',
      'status:wamid.BACKBONE.OUT.B:delivered',
    ]);
    // Act 2: the provider retries after the in-flight window
    clock.now += 61_000;
    const later = depsAt(clock);
    const second = await ingestEumHttp(body, later);
    // Assess 2
    expect(second.statusCode).toBe(200);
    expect(later.publisher.events.map((e) => e.detail.eventId)).toEqual(['msg:wamid.BACKBONE.IN.TEXT.1']);
  });

  it('Razorpay: a delivery whose claim is held answers 503 (Razorpay retries), then is published once the claim expires', async () => {
    // Prepare: the dead attempt claimed the delivery id
    const clock = { now: Date.UTC(2026, 2, 1, 11) };
    const rawBody = razorpayCaptured('pay_Crashed0001');
    const headers = signedHeaders(rawBody, SECRET, 'evt_Crashed0001');
    await depsAt(clock).dedupe.claim('rzp-delivery:evt_Crashed0001');
    // Act 1
    const early = { ...depsAt(clock), webhookSecret: async () => SECRET };
    const first = await ingestRazorpayWebhook({ headers, rawBody }, early);
    // Assess 1
    expect(first.statusCode).toBe(503);
    expect(early.publisher.events).toEqual([]);
    // Act 2
    clock.now += 61_000;
    const later = { ...depsAt(clock), webhookSecret: async () => SECRET };
    const second = await ingestRazorpayWebhook({ headers, rawBody }, later);
    // Assess 2
    expect(second).toMatchObject({ statusCode: 200, body: { published: 1 } });
    expect(later.publisher.events.map((e) => e.detail.eventId)).toEqual(['rzp:pay:pay_Crashed0001:captured']);
  });
});
