import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoMessageStore } from '../../../functions/adapters/dynamodb/message-store.js';
import { Keys } from '../../../functions/adapters/dynamodb/keys.js';
import { normalizeMetaEntry } from '../../../functions/domain/ingest/normalize-meta.js';
import { recordMessageEvent } from '../../../functions/ingest/record-message.js';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { testTable } from '../../support/test-table.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/messaging/${name}`, import.meta.url), 'utf8'));
const receivedAt = '2026-03-01T12:00:00.000Z';

describe('inbound Flow completions and orders', () => {
  const table = testTable();
  let store: DynamoMessageStore;
  beforeAll(() => {
    store = new DynamoMessageStore(table.db, table.tableName);
  });

  const storeAll = async (events: ReturnType<typeof normalizeMetaEntry>['events']) => {
    for (const e of [...events, ...events]) await recordMessageEvent({ 'detail-type': e.detailType, detail: e.detail }, store);
  };
  const attachment = async (messageKey: string, kind: 'FLOW' | 'ORDER') =>
    (await table.db.send(new GetCommand({ TableName: table.tableName, Key: Keys.messageAttachment(messageKey, kind) }))).Item;

  it('nfm_reply becomes message.received + flow.completed with the parsed response, stored with the message', async () => {
    // Prepare
    const entry = fixture('inbound-flow-nfm-reply.entry.json');
    // Act
    const { events, rejected } = normalizeMetaEntry(entry, { receivedAt });
    await storeAll(events);
    // Assess
    expect(rejected).toEqual([]);
    expect(events.map((e) => e.detailType)).toEqual(['message.received', 'flow.completed']);
    expect(events[1]!.detail).toMatchObject({
      eventId: 'flow:wamid.FLOWREPLY0001',
      from: '16505551234',
      phoneNumberId: '106540352242922',
      flowToken: 'flow_demo_token_1',
      response: { flow_token: 'flow_demo_token_1', name: 'Sheena Nelson', email: 'sheena@example.com', slot: '2026-02-01T10:00' },
    });
    expect(events[0]!.detail).toMatchObject({ type: 'interactive', contextMessageId: 'wamid.FLOWREQUEST0001' });
    const message = await store.getMessage('wamid.FLOWREPLY0001');
    expect(message).toMatchObject({ direction: 'inbound', waId: '16505551234', phoneNumberId: '106540352242922', contextMessageId: 'wamid.FLOWREQUEST0001' });
    expect(await attachment('wamid.FLOWREPLY0001', 'FLOW')).toMatchObject({ flowToken: 'flow_demo_token_1', response: { email: 'sheena@example.com' } });
    // the completion is a customer message: it (re)opens the 24-hour window
    expect(await store.getLastInboundAt('106540352242922', '16505551234')).toBe(new Date(1750096300_000).toISOString());
  });

  it('order becomes order.received with items and the total in minor units, stored with the message', async () => {
    const { events } = normalizeMetaEntry(fixture('inbound-order.entry.json'), { receivedAt });
    await storeAll(events);
    expect(events.map((e) => e.detailType)).toEqual(['message.received', 'order.received']);
    expect(events[1]!.detail).toMatchObject({
      catalogId: '194836987003835',
      currency: 'INR',
      totalMinor: 2 * 3000 + 2550,
      items: [
        { productRetailerId: 'di9ozbzfi4', quantity: 2, itemPrice: 30, currency: 'INR' },
        { productRetailerId: 'nqryix03ez', quantity: 1, itemPrice: 25.5, currency: 'INR' },
      ],
    });
    expect(await store.getMessage('wamid.ORDER0001')).toMatchObject({ direction: 'inbound', type: 'order', waId: '16505551234' });
    expect(await attachment('wamid.ORDER0001', 'ORDER')).toMatchObject({ catalogId: '194836987003835', totalMinor: 8550 });
  });

  const shared = new URL('../../../../shared/fixtures/meta/inbound-order-multi-product.openapi.json', import.meta.url);
  it.skipIf(!existsSync(shared))("Meta's published order example (shared fixtures, read in place) becomes order.received", () => {
    const payload = JSON.parse(readFileSync(shared, 'utf8')) as { entry: unknown[] };
    const { events } = normalizeMetaEntry(payload.entry[0] as never, { receivedAt });
    const order = events.find((e) => e.detailType === 'order.received');
    expect(order?.detail).toMatchObject({ currency: 'USD', totalMinor: 2 * 3000 + 2500 });
  });
});
