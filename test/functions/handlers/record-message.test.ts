import { beforeAll, describe, expect, it } from 'vitest';
import { makeEvent } from '../../../events/index.js';
import { DynamoMessageStore } from '../../../functions/adapters/dynamodb/message-store.js';
import { recordMessageHandler } from '../../../functions/handlers/record-message.js';
import { onTheBus } from '../../support/bus-event.js';
import { testTable } from '../../support/test-table.js';
import { CUSTOMER, PHONE_ID, scanAll, WABA } from '../ingest/support.js';

const table = testTable();
let store: DynamoMessageStore;
beforeAll(() => {
  store = new DynamoMessageStore(table.db, table.tableName);
});

/** The handler wired with the message store on the test table (no customer identities). */
const handler = recordMessageHandler(() => ({ messages: store }));

const at = (s: number) => new Date(s * 1000).toISOString();
const common = (eventId: string, s: number) => ({ eventId, occurredAt: at(s), receivedAt: at(s + 1), phoneNumberId: PHONE_ID, wabaId: WABA });
const items = async (pk: string) => (await scanAll(table.db, table.tableName)).filter((i) => i.pk === pk);

describe('record-message handler, one detail-type at a time', () => {
  it('message.received stores the inbound message with its metadata and opens the 24 h window', async () => {
    const e = makeEvent('message.received', {
      ...common('msg:wamid.R.IN', 1767225600),
      messageId: 'wamid.R.IN',
      from: CUSTOMER,
      profileName: 'Test Customer',
      type: 'text',
      text: 'hi',
    });
    await handler(onTheBus(e));
    await handler(onTheBus(e)); // the rule may deliver twice
    expect(await items('MSG#wamid.R.IN')).toEqual([
      expect.objectContaining({
        sk: 'MSG',
        direction: 'inbound',
        waId: CUSTOMER,
        phoneNumberId: PHONE_ID,
        wabaId: WABA,
        type: 'text',
        text: 'hi',
        profileName: 'Test Customer',
        createdAt: at(1767225600),
        gsi1pk: `PHONE#${PHONE_ID}#DAY#2026-01-01`,
      }),
    ]);
    expect(await store.getLastInboundAt(PHONE_ID, CUSTOMER)).toBe(at(1767225600));
  });

  it('message.sent stores the outbound message as accepted, with template metadata and the EUM id alias', async () => {
    const e = makeEvent('message.sent', {
      ...common('sent:out_R_1', 1767225700),
      messageKey: 'out_R_1',
      eumMessageId: 'eum-R-1',
      to: CUSTOMER,
      type: 'template',
      templateName: 'order_update',
      templateLanguage: 'en_US',
      templateCategory: 'UTILITY',
      bizOpaqueCallbackData: 'out_R_1',
    });
    await handler(onTheBus(e));
    expect(await store.getMessage('out_R_1')).toMatchObject({
      direction: 'outbound',
      status: 'accepted',
      acceptedAt: at(1767225700),
      templateName: 'order_update',
      templateCategory: 'UTILITY',
      templateLanguage: 'en_US',
      eumMessageId: 'eum-R-1',
      waId: CUSTOMER,
    });
    expect(await items('EUMMSG#eum-R-1')).toEqual([expect.objectContaining({ messageKey: 'out_R_1' })]);
  });

  it('message.status stores pricing, conversation category and error codes on the message and a history item', async () => {
    const e = makeEvent('message.status', {
      ...common('status:wamid.R.S:failed', 1767225800),
      messageKey: 'wamid.R.S',
      wamid: 'wamid.R.S',
      status: 'failed',
      recipient: CUSTOMER,
      pricing: { billable: false, pricingModel: 'PMP', category: 'marketing', type: 'regular' },
      conversationCategory: 'marketing',
      errors: [{ code: 131049, title: 'ecosystem engagement' }],
      via: 'meta-webhook',
    });
    await handler(onTheBus(e));
    expect(await store.getMessage('wamid.R.S')).toMatchObject({
      direction: 'unknown',
      status: 'failed',
      failedAt: at(1767225800),
      pricing: { billable: false, pricingModel: 'PMP', category: 'marketing', type: 'regular' },
      conversationCategory: 'marketing',
      errorCodes: [131049],
    });
    expect(await items('MSG#wamid.R.S')).toContainEqual(
      expect.objectContaining({ sk: `STATUS#${at(1767225800)}#failed`, errors: [{ code: 131049, title: 'ecosystem engagement' }] }),
    );
  });

  it('flow.completed stores the parsed response beside the message', async () => {
    const e = makeEvent('flow.completed', {
      ...common('flow:wamid.R.F', 1767225900),
      messageId: 'wamid.R.F',
      from: CUSTOMER,
      flowToken: 'tok',
      response: { flow_token: 'tok', size: 4 },
    });
    await handler(onTheBus(e));
    expect(await items('MSG#wamid.R.F')).toEqual([expect.objectContaining({ sk: 'FLOW', flowToken: 'tok', response: { flow_token: 'tok', size: 4 } })]);
  });

  it('order.received stores the cart with its total in minor units', async () => {
    const e = makeEvent('order.received', {
      ...common('order:wamid.R.O', 1767226000),
      messageId: 'wamid.R.O',
      from: CUSTOMER,
      catalogId: 'cat-1',
      items: [{ productRetailerId: 'sku-1', quantity: 3, itemPrice: 199.99, currency: 'INR' }],
      totalMinor: 59997,
      currency: 'INR',
    });
    await handler(onTheBus(e));
    expect(await items('MSG#wamid.R.O')).toEqual([expect.objectContaining({ sk: 'ORDER', totalMinor: 59997, currency: 'INR', catalogId: 'cat-1' })]);
  });

  it('an unknown detail-type throws, so the rule retries and then dead-letters it', async () => {
    await expect(
      handler({ ...onTheBus(makeEvent('message.received', { ...common('x', 1), messageId: 'x', from: '1', type: 'text' })), 'detail-type': 'template.status_changed' }),
    ).rejects.toThrow('record-message does not handle detail-type "template.status_changed"');
  });

  it('a detail that breaks its schema throws naming the field', async () => {
    const bad = {
      ...onTheBus(makeEvent('message.received', { ...common('y', 1), messageId: 'y', from: '1', type: 'text' })),
      detail: { eventId: 'y', occurredAt: at(1), receivedAt: at(1), from: '1', type: 'text' },
    };
    await expect(handler(bad)).rejects.toThrow(/messageId/);
  });
});
