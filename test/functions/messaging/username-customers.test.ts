import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeEvent } from '../../../events/index.js';
import { dispatchAction } from '../../../functions/actions/registry.js';
import { DynamoCustomerIdentities } from '../../../functions/adapters/dynamodb/customer-identity-store.js';
import { DynamoMessageStore } from '../../../functions/adapters/dynamodb/message-store.js';
import { canonicalCustomer, withCanonicalCustomers } from '../../../functions/domain/customers/identity.js';
import { recordMessageEvent } from '../../../functions/ingest/record-message.js';
import type { Deps } from '../../../functions/wiring/shared.js';
import { actionContext } from '../../support/action-context.js';
import { CollectingPublisher } from '../../support/fakes.js';
import { startTestTable } from '../../support/dynalite.js';
import { NOW, RecordingSender } from './support.js';

/**
 * Customers known by a business-scoped user id (issue 19). Inbound shapes follow Meta's BSUID
 * reference: `from` empty or a phone number, `from_user_id` the BSUID; sends use `recipient`.
 */
const PHONE_ID = '106540352242922';
const FROM = 'phone-number-id-01234567890123456789012345678901';
const BSUID = 'US.13491208655302741918';
const PHONE = '16505550100';

let table: Awaited<ReturnType<typeof startTestTable>>;
let deps: Deps;
let sender: RecordingSender;
beforeAll(async () => {
  table = await startTestTable();
  deps = {
    messages: new DynamoMessageStore(table.db, table.tableName),
    identities: new DynamoCustomerIdentities(table.db, table.tableName),
    publisher: new CollectingPublisher(),
  } as unknown as Deps;
});
afterAll(() => table.close());
beforeEach(() => {
  sender = new RecordingSender();
});

const run = (body: unknown) => dispatchAction(body, actionContext({ deps, now: () => NOW, messaging: { sender, templates: undefined } }));
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();
async function inbound(id: string, from: string, fromUserId: string | undefined, at: string) {
  const e = makeEvent('message.received', {
    eventId: `msg:${id}`,
    occurredAt: at,
    receivedAt: at,
    phoneNumberId: PHONE_ID,
    messageId: id,
    from,
    fromUserId,
    type: 'text',
    text: 'hi',
  });
  await recordMessageEvent({ 'detail-type': e.detailType, detail: e.detail }, deps.messages, deps.identities);
}

describe('username-only customers (BSUID)', () => {
  it("are answered inside their window: Meta's `recipient` carries the BSUID, and no `to` is set", async () => {
    await inbound('wamid.U.1', BSUID, BSUID, minutesAgo(30));
    const out = (await run({ action: 'send_text', from: FROM, to: BSUID, text: 'Thanks for writing' })) as { statusCode: number };
    expect(out.statusCode).toBe(200);
    expect(sender.sent[0]!.message).toMatchObject({ recipient: BSUID, text: { body: 'Thanks for writing' } });
    expect(sender.sent[0]!.message).not.toHaveProperty('to');
    const inboundItem = await deps.messages.getMessage('wamid.U.1');
    expect(inboundItem).toMatchObject({ waId: BSUID, customerUserId: BSUID });
  });

  it('a phone number still goes in `to`; a malformed customer id is refused naming the field and both formats', async () => {
    await inbound('wamid.U.2', PHONE, undefined, minutesAgo(5));
    await run({ action: 'send_text', from: FROM, to: PHONE, text: 'ok' });
    expect(sender.sent[0]!.message).toMatchObject({ to: PHONE });
    expect(sender.sent[0]!.message).not.toHaveProperty('recipient');
    const bad = (await run({ action: 'send_text', from: FROM, to: 'us.1234', text: 'x' })) as { statusCode: number; body: unknown };
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/to.*business-scoped user id/);
    expect(sender.sent).toHaveLength(1);
  });

  it('a parent BSUID (US.ENT.…) is a valid recipient', async () => {
    const out = (await run({ action: 'send_template', from: FROM, to: 'US.ENT.11815799212886844830', name: 'hello_world', language: 'en_US' })) as { statusCode: number };
    expect(out.statusCode).toBe(200);
    expect(sender.sent[0]!.message).toMatchObject({ recipient: 'US.ENT.11815799212886844830' });
  });
});

describe('a customer seen under a phone number and a BSUID is one customer', () => {
  const bsuid = 'IN.77700011122233344455';
  const phone = '919800000001';

  it('the window opened under the BSUID lets a send to the phone number through, and the other way round', async () => {
    // The BSUID-only message is recorded first; the message naming both arrives later (out of order, older).
    await inbound('wamid.B.2', bsuid, bsuid, minutesAgo(10));
    await inbound('wamid.B.1', phone, bsuid, minutesAgo(60 * 30)); // 30 h ago: its own window is closed
    expect(await deps.identities!.linked(phone)).toEqual([bsuid]);
    const toPhone = (await run({ action: 'send_text', from: FROM, to: phone, text: 'reply by phone' })) as { statusCode: number };
    expect(toPhone.statusCode).toBe(200);
    expect(await canonicalCustomer(bsuid, deps.identities)).toBe(phone);
  });

  it('a customer with no link stays closed under the other identity', async () => {
    await inbound('wamid.C.1', 'IN.99900011122233344455', 'IN.99900011122233344455', minutesAgo(10));
    const out = (await run({ action: 'send_text', from: FROM, to: '919800000999', text: 'x' })) as { statusCode: number };
    expect(out.statusCode).toBe(409);
  });

  it('analytics count the BSUID-only messages under the phone number', async () => {
    const source = withCanonicalCustomers(deps.messages, deps.identities);
    const day = minutesAgo(10).slice(0, 10);
    const messages = await source.listMessagesForDay(PHONE_ID, day);
    const b2 = messages.find((m) => m.messageKey === 'wamid.B.2');
    expect(b2?.waId).toBe(phone);
    const unlinked = messages.find((m) => m.messageKey === 'wamid.C.1');
    expect(unlinked?.waId).toBe('IN.99900011122233344455');
  });
});
