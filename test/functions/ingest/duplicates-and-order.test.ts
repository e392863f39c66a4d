import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDedupeStore } from '../../../functions/adapters/dynamodb/dedupe-store.js';
import { DynamoMessageStore } from '../../../functions/adapters/dynamodb/message-store.js';
import { statusRank } from '../../../functions/domain/messaging/status-order.js';
import { ingestEumMessage, ingestSocialMessagingEvent } from '../../../functions/ingest/eum-ingest.js';
import { recordMessageEvent } from '../../../functions/ingest/record-message.js';
import { testTable } from '../../support/test-table.js';
import { CollectingPublisher } from '../../support/fakes.js';
import { CUSTOMER, eumMessage, metaStatus, PHONE_ID, scanAll, sentEvent, statusEntry, WABA } from './support.js';

/**
 * Webhooks arrive at least once and in any order; EventBridge delivers each event to its
 * target at least once. Whatever happens, one message item with the highest status.
 */
const table = testTable();
let store: DynamoMessageStore;
let dedupe: DynamoDedupeStore;
beforeAll(() => {
  store = new DynamoMessageStore(table.db, table.tableName);
  dedupe = new DynamoDedupeStore(table.db, table.tableName);
});

const T = { sent: 1767225600, delivered: 1767225610, read: 1767225620, failed: 1767225615 } as const;
type Tracked = keyof typeof T;
const iso = (s: number) => new Date(s * 1000).toISOString();

/** SNS delivery → ingest (dedupe + publish) → the record-message target, which also sees each event twice. */
async function deliver(bodies: string[], targetDeliveries = 2) {
  const publisher = new CollectingPublisher();
  for (const body of bodies) await ingestEumMessage(body, { publisher, dedupe });
  for (const e of Array.from({ length: targetDeliveries }, () => publisher.events).flat()) {
    await recordMessageEvent({ 'detail-type': e.detailType, detail: e.detail }, store);
  }
  return publisher.events;
}

/** EUM's EventBridge `WhatsApp Message Delivered` (it knows only EUM's message id) → ingest → the record-message target. */
async function deliverEumDelivered(id: string, detail: Record<string, unknown>, envelope: Record<string, unknown> = {}) {
  const publisher = new CollectingPublisher();
  await ingestSocialMessagingEvent({ ...envelope, id, 'detail-type': 'WhatsApp Message Delivered', source: 'aws.social-messaging', detail }, { publisher, dedupe });
  for (const e of publisher.events) await recordMessageEvent({ 'detail-type': e.detailType, detail: e.detail }, store);
}

const statusBody = (wamid: string, status: Tracked, extra: Record<string, unknown> = {}) =>
  eumMessage(
    statusEntry([
      metaStatus(wamid, status, T[status], {
        ...(status === 'failed' ? { errors: [{ code: 131026, title: 'Message undeliverable' }] } : {}),
        ...extra,
      }),
    ]),
  );

async function messageItems(messageKey: string) {
  const items = await scanAll(table.db, table.tableName);
  return items.filter((i) => i.pk === `MSG#${messageKey}`);
}

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

describe('duplicates', () => {
  it('the same webhook delivered 3 times leaves one message item and one history item', async () => {
    // Prepare
    const body = statusBody('wamid.DUP.1', 'delivered');
    // Act
    const published = await deliver([body, body, body]);
    // Assess
    expect(published).toHaveLength(1);
    const items = await messageItems('wamid.DUP.1');
    expect(items.map((i) => i.sk).sort()).toEqual(['MSG', `STATUS#${iso(T.delivered)}#delivered`]);
    expect(items.find((i) => i.sk === 'MSG')).toMatchObject({ status: 'delivered', deliveredAt: iso(T.delivered), waId: CUSTOMER, phoneNumberId: PHONE_ID, wabaId: WABA });
  });

  it('an inbound message delivered 3 times is stored once and opens the window once', async () => {
    const entry = {
      id: WABA,
      changes: [
        {
          field: 'messages',
          value: {
            metadata: { phone_number_id: PHONE_ID },
            contacts: [{ wa_id: CUSTOMER, profile: { name: 'Test Customer' } }],
            messages: [{ from: CUSTOMER, id: 'wamid.DUP.IN', timestamp: String(T.sent), type: 'text', text: { body: 'hello' } }],
          },
        },
      ],
    };
    const body = eumMessage(entry);
    await deliver([body, body, body]);
    const items = await messageItems('wamid.DUP.IN');
    expect(items).toEqual([expect.objectContaining({ sk: 'MSG', direction: 'inbound', text: 'hello', waId: CUSTOMER, createdAt: iso(T.sent) })]);
    expect(await store.getLastInboundAt(PHONE_ID, CUSTOMER)).toBe(iso(T.sent));
  });
});

describe('order', () => {
  const orders = permutations<Tracked>(['sent', 'delivered', 'read']);

  it.each(orders.map((o) => [o.join(' → '), o] as const))('%s, each delivered 3 times: read, every timestamp, 3 history items', async (_name, order) => {
    // Prepare
    const wamid = `wamid.ORDER.${order.join('-')}`;
    const bodies = order.flatMap((s) => [statusBody(wamid, s), statusBody(wamid, s), statusBody(wamid, s)]);
    // Act
    await deliver(bodies);
    // Assess
    const message = await store.getMessage(wamid);
    expect(message).toMatchObject({ status: 'read', sentAt: iso(T.sent), deliveredAt: iso(T.delivered), readAt: iso(T.read) });
    // The message was created when it was sent, whatever arrived first (analytics buckets by this day).
    expect(message?.createdAt).toBe(iso(T.sent));
    const history = await store.getStatusHistory(wamid);
    expect(history.map((h) => h.status)).toEqual(['sent', 'delivered', 'read']);
  });

  it.each(permutations<Tracked>(['sent', 'delivered', 'failed']).map((o) => [o.join(' → '), o] as const))(
    '%s: failed is terminal and its error codes are kept',
    async (_name, order) => {
      const wamid = `wamid.FAIL.${order.join('-')}`;
      await deliver(order.map((s) => statusBody(wamid, s)));
      expect(await store.getMessage(wamid)).toMatchObject({ status: 'failed', failedAt: iso(T.failed), deliveredAt: iso(T.delivered), errorCodes: [131026] });
      expect(await store.getStatusHistory(wamid)).toHaveLength(3);
    },
  );

  it('a late sent after read does not move the status back, but its time is recorded', async () => {
    const wamid = 'wamid.LATE.SENT';
    await deliver([statusBody(wamid, 'read')]);
    await deliver([statusBody(wamid, 'sent')]);
    expect(await store.getMessage(wamid)).toMatchObject({ status: 'read', sentAt: iso(T.sent), readAt: iso(T.read) });
  });

  it('pricing that comes only on read (API v24) is kept whatever arrives first', async () => {
    const wamid = 'wamid.PMP.READ';
    const pricing = { billable: true, pricing_model: 'PMP', category: 'utility', type: 'regular' };
    await deliver([statusBody(wamid, 'read', { pricing }), statusBody(wamid, 'sent'), statusBody(wamid, 'delivered')]);
    expect((await store.getMessage(wamid))?.pricing).toEqual({ billable: true, pricingModel: 'PMP', category: 'utility', type: 'regular' });
  });
});

describe('outbound correlation', () => {
  it('message.sent then statuses carrying our biz_opaque_callback_data land on the same item; EUM statuses resolve through the alias', async () => {
    // Prepare: our send, recorded as EUM accepted it (EUM returns only its own message id)
    const key = 'out_corr_0001';
    const eumId = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
    await recordMessageEvent(
      {
        'detail-type': 'message.sent',
        detail: sentEvent(key, T.sent - 1, { eumMessageId: eumId, type: 'template', templateName: 'order_update', templateCategory: 'UTILITY' }).detail,
      },
      store,
    );
    // Act: Meta statuses carry our callback data; EUM's EventBridge status carries only its id
    await deliver([statusBody('wamid.OUT.1', 'sent', { biz_opaque_callback_data: key }), statusBody('wamid.OUT.1', 'read', { biz_opaque_callback_data: key })]);
    await deliverEumDelivered(
      'b7b7b7b7-0000-4000-8000-000000000001',
      { wabaId: WABA, originationPhoneNumberId: PHONE_ID, messageId: eumId, status: 'delivered', eventTimestamp: String(T.delivered) },
      { version: '0', time: iso(T.delivered) },
    );
    // Assess
    const items = await messageItems(key);
    expect(items.find((i) => i.sk === 'MSG')).toMatchObject({
      direction: 'outbound',
      templateName: 'order_update',
      waId: CUSTOMER,
      wamid: 'wamid.OUT.1',
      eumMessageId: eumId,
      status: 'read',
      acceptedAt: iso(T.sent - 1),
      sentAt: iso(T.sent),
      deliveredAt: iso(T.delivered),
      readAt: iso(T.read),
      createdAt: iso(T.sent - 1),
    });
    expect((await store.getStatusHistory(key)).map((h) => h.status)).toEqual(['sent', 'delivered', 'read']);
    expect(await store.getMessage('wamid.OUT.1')).toBeUndefined();
    expect(await store.getMessage(`eum:${eumId}`)).toBeUndefined();
  });

  it('the same status reported by Meta and by EUM at the same second is one history item', async () => {
    const key = 'out_corr_0002';
    const eumId = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f1';
    await store.recordOutbound(sentEvent(key, T.sent - 1, { eumMessageId: eumId }).detail);
    await deliver([statusBody('wamid.OUT.2', 'delivered', { biz_opaque_callback_data: key })]);
    await deliverEumDelivered('x', { messageId: eumId, status: 'delivered', eventTimestamp: String(T.delivered) });
    expect((await store.getStatusHistory(key)).map((h) => h.status)).toEqual(['delivered']);
  });
});

describe('an EUM status that beats our own message.sent record', () => {
  it('is adopted by the outbound item when message.sent is recorded', async () => {
    // Prepare: EUM's EventBridge `delivered` arrives before the send's own record (two rules, no order)
    const key = 'out_corr_0003';
    const eumId = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f3';
    await deliverEumDelivered('y', { originationPhoneNumberId: PHONE_ID, messageId: eumId, status: 'delivered', eventTimestamp: String(T.delivered) });
    // Act
    const sent = sentEvent(key, T.sent - 1, { eumMessageId: eumId });
    await recordMessageEvent({ 'detail-type': sent.detailType, detail: sent.detail }, store);
    await recordMessageEvent({ 'detail-type': sent.detailType, detail: sent.detail }, store);
    // Assess
    expect(await store.getMessage(key)).toMatchObject({
      direction: 'outbound',
      status: 'delivered',
      deliveredAt: iso(T.delivered),
      acceptedAt: iso(T.sent - 1),
      eumMessageId: eumId,
    });
    expect((await store.getStatusHistory(key)).map((h) => h.status)).toEqual(['delivered']);
    // The stray item no longer counts in the per-day analytics index.
    const days = [iso(T.sent - 1), iso(T.delivered)].map((t) => t.slice(0, 10)); // 2025-12-31, 2026-01-01
    const listed = (await Promise.all(days.map((d) => store.listMessagesForDay(PHONE_ID, d)))).flat();
    expect(listed.filter((m) => m.eumMessageId === eumId).map((m) => [m.messageKey, m.createdAt])).toEqual([[key, iso(T.sent - 1)]]);
  });
});

describe('property: any interleaving and duplication of status deliveries', () => {
  it('ends on the max-rank status delivered, with one history item per distinct status', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom<Tracked>('sent', 'delivered', 'read', 'failed'), { minLength: 1, maxLength: 6 }), async (deliveries) => {
        // Prepare
        const wamid = `wamid.PROP.${run++}`;
        // Act
        // (the generated list already repeats deliveries; the target sees each event once here to keep this fast)
        await deliver(
          deliveries.map((s) => statusBody(wamid, s)),
          1,
        );
        // Assess
        const expected = deliveries.reduce((best, s) => (statusRank(s) > statusRank(best) ? s : best));
        const message = await store.getMessage(wamid);
        expect(message?.status).toBe(expected);
        for (const s of new Set(deliveries)) expect(message?.[`${s}At`]).toBe(iso(T[s]));
        expect(message?.createdAt).toBe(iso(Math.min(...deliveries.map((s) => T[s]))));
        expect((await store.getStatusHistory(wamid)).length).toBe(new Set(deliveries).size);
      }),
      { numRuns: 30 },
    );
  });
});
