import { describe, expect, it } from 'vitest';
import { DynamoMessageStore } from '../../functions/adapters/dynamodb/message-store.js';
import { ingestEumMessage } from '../../functions/ingest/eum-ingest.js';
import { recordMessageEvent } from '../../functions/ingest/record-message.js';
import { testTable } from '../support/test-table.js';
import { CollectingPublisher, MemoryDedupe } from '../support/fakes.js';

const entry = (statuses: unknown[]) =>
  JSON.stringify({
    context: { MetaPhoneNumberIds: [{ metaPhoneNumberId: '106540352242922' }] },
    aws_account_id: '123456789012',
    message_timestamp: '2026-01-01T00:00:00Z',
    whatsAppWebhookEntry: JSON.stringify({
      id: '102290129340398',
      changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: '106540352242922' }, statuses } }],
    }),
  });

describe('ingest → record pipeline', () => {
  const table = testTable();

  it('stores one message with the final status whatever the order and duplicates', async () => {
    // Prepare
    const store = new DynamoMessageStore(table.db, table.tableName);
    const publisher = new CollectingPublisher();
    const dedupe = new MemoryDedupe();
    const status = (s: string, t: number) => ({ id: 'wamid.A', status: s, timestamp: String(t), recipient_id: '15550001111' });
    const deliveries = [entry([status('read', 30)]), entry([status('delivered', 20)]), entry([status('sent', 10)])];
    // Act: every delivery three times, newest first
    for (const body of [...deliveries, ...deliveries, ...deliveries]) {
      await ingestEumMessage(body, { publisher, dedupe });
    }
    for (const e of publisher.events) await recordMessageEvent({ 'detail-type': e.detailType, detail: e.detail }, store);
    // Assess
    expect(publisher.events).toHaveLength(3);
    const message = await store.getMessage('wamid.A');
    expect(message?.status).toBe('read');
    expect(message?.sentAt).toBe(new Date(10_000).toISOString());
    expect(await store.getStatusHistory('wamid.A')).toHaveLength(3);
  });
});
