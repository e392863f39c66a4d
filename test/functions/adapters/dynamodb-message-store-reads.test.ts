import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeEvent, type DomainDetail } from '../../../events/index.js';
import { DynamoMessageStore } from '../../../functions/adapters/dynamodb/message-store.js';
import { testTable } from '../../support/test-table.js';
import { dynamoFake } from '../../support/dynamo-fake.js';
import { PHONE_ID, receivedEvent, scanAll, sentEvent, statusEvent, WABA } from '../ingest/support.js';

/**
 * The message store against DynamoDB's read semantics, which dynalite does not have: dynalite is
 * always consistent and answers a query in one page up to 1 MB. The client below answers as a
 * replica that has not seen the last writes yet whenever a read of the table is not strongly
 * consistent (legal for DynamoDB right after a write), and cuts every index query into pages of
 * two items, as DynamoDB cuts pages at 1 MB. A read that must see the latest write, or a listing
 * that stops after its first page, then fails here as it would on AWS under load.
 */
const table = testTable();
let store: DynamoMessageStore;
let pagesRead: number;
let n = 0;

const awsLikeReads = (real: DynamoDBDocumentClient) => dynamoFake(real, { awsReads: true, onIndexPage: () => pagesRead++ });

const at = (s: number) => new Date(s * 1000).toISOString();
const DAY = 86400;
const detail = <T extends Parameters<typeof makeEvent>[0]>(type: T, d: Record<string, unknown>) => makeEvent(type, d as never).detail as DomainDetail<T>;
const sent = (key: string, t: number, extra: Record<string, unknown> = {}) => sentEvent(key, t, extra).detail;
const metaStatus = (key: string, s: 'sent' | 'delivered' | 'read', t: number) => statusEvent(key, s, t).detail;
/** EUM's EventBridge status: it knows only EUM's message id, so its key is `eum:<id>` until resolved. */
const eumStatus = (eumId: string, s: 'sent' | 'delivered' | 'read' | 'failed', t: number, extra: Record<string, unknown> = {}) =>
  detail('message.status', {
    eventId: `eumstatus:${eumId}:${s}`,
    occurredAt: at(t),
    receivedAt: at(t),
    phoneNumberId: PHONE_ID,
    wabaId: WABA,
    messageKey: `eum:${eumId}`,
    eumMessageId: eumId,
    status: s,
    via: 'eum-eventbridge',
    ...extra,
  });
const itemsOf = async (key: string) => (await scanAll(table.db, table.tableName)).filter((i) => i.pk === `MSG#${key}`);

beforeEach(() => {
  store = new DynamoMessageStore(awsLikeReads(table.db), table.tableName);
  pagesRead = 0;
  n++;
});

describe('reads that must see the last write are strongly consistent', () => {
  it('a message, its status history and the conversation window are read back at once after they are written', async () => {
    const key = `wamid.CR.${n}`;
    await store.recordStatus(metaStatus(key, 'delivered', 100));
    await store.recordInbound(receivedEvent(`wamid.CR.IN.${n}`, 120, { from: `1555222${n}` }).detail);
    expect(await store.getMessage(key)).toMatchObject({ status: 'delivered' });
    expect(await store.getStatusHistory(key)).toEqual([{ status: 'delivered', occurredAt: at(100) }]);
    expect(await store.getLastInboundAt(PHONE_ID, `1555222${n}`)).toBe(at(120));
  });

  it('a lower status after a higher one re-plans from what is stored (a stale read would retry until it gives up)', async () => {
    const key = `wamid.CR.${n}`;
    await store.recordStatus(metaStatus(key, 'read', 200));
    expect(await store.recordStatus(metaStatus(key, 'delivered', 199))).toEqual({ appliedStatus: false, messageKey: key });
    expect(await store.getMessage(key)).toMatchObject({ status: 'read', createdAt: at(199), deliveredAt: at(199) });
  });

  it("an EUM status right after the send lands on the send's message, not on a stray eum: item", async () => {
    const key = `out_CR_${n}`;
    const eumId = `eum-cr-${n}`;
    await store.recordOutbound(sent(key, 300, { eumMessageId: eumId }));
    expect(await store.recordStatus(eumStatus(eumId, 'delivered', 301))).toEqual({ appliedStatus: true, messageKey: key });
    expect(await itemsOf(`eum:${eumId}`)).toEqual([]);
  });
});

describe('EUM statuses that arrived before the send are adopted by it', () => {
  it('each early status moves onto our key with its own time, source, pricing and errors, and the stray item leaves the day index', async () => {
    // Prepare: EUM reported `sent` and `failed` before our message.sent was recorded
    const key = `out_AD_${n}`;
    const eumId = `eum-ad-${n}`;
    const errors = [{ code: 131026, title: 'Message undeliverable' }];
    await store.recordStatus(eumStatus(eumId, 'sent', 2 * DAY + 5, { pricing: { billable: true, category: 'utility', pricingModel: 'PMP' } }));
    await store.recordStatus(eumStatus(eumId, 'failed', 2 * DAY + 9, { errors, reason: 'undeliverable', via: 'meta-webhook' }));
    // Act: the send is recorded, a day earlier (the clock of the sender)
    await store.recordOutbound(sent(key, 2 * DAY, { eumMessageId: eumId }));
    // Assess: our item has the statuses, and their history items kept where each came from
    expect(await store.getMessage(key)).toMatchObject({
      direction: 'outbound',
      status: 'failed',
      sentAt: at(2 * DAY + 5),
      failedAt: at(2 * DAY + 9),
      errorCodes: [131026],
      failureReason: 'undeliverable',
      pricing: { billable: true, category: 'utility', pricingModel: 'PMP' },
    });
    const history = (await itemsOf(key)).filter((i) => String(i.sk).startsWith('STATUS#'));
    // (history items sort by time: sk is STATUS#<time>#<status>)
    expect(history.map((h) => [h.status, h.occurredAt, h.via, h.eventId])).toEqual([
      ['sent', at(2 * DAY + 5), 'eum-eventbridge', `eumstatus:${eumId}:sent`],
      ['failed', at(2 * DAY + 9), 'meta-webhook', `eumstatus:${eumId}:failed`],
    ]);
    expect(history.find((h) => h.status === 'failed')).toMatchObject({ errors, reason: 'undeliverable' });
    // The stray item says who adopted it and is no longer counted per day
    const [stray] = (await itemsOf(`eum:${eumId}`)).filter((i) => i.sk === 'MSG');
    expect(stray).toMatchObject({ adoptedBy: key });
    expect(stray).not.toHaveProperty('gsi1pk');
    expect(stray).not.toHaveProperty('gsi1sk');
    expect((await store.listMessagesForDay(PHONE_ID, at(2 * DAY).slice(0, 10))).map((m) => m.messageKey)).toEqual([key]);
  });

  it('a send without early statuses leaves no stray item behind', async () => {
    const key = `out_AD_${n}`;
    const eumId = `eum-ad-${n}`;
    await store.recordOutbound(sent(key, 3 * DAY, { eumMessageId: eumId }));
    expect(await itemsOf(`eum:${eumId}`)).toEqual([]);
  });
});

describe('a send recorded after its statuses', () => {
  it('moves createdAt and the analytics day back to the send', async () => {
    const key = `out_MB_${n}`;
    const phone = `80000000${n}`;
    await store.recordStatus({ ...metaStatus(key, 'read', 11 * DAY + 3), phoneNumberId: phone });
    await store.recordOutbound({ ...sent(key, 10 * DAY + 7), phoneNumberId: phone });
    expect(await store.getMessage(key)).toMatchObject({ createdAt: at(10 * DAY + 7), status: 'read', direction: 'outbound' });
    expect((await store.listMessagesForDay(phone, at(10 * DAY).slice(0, 10))).map((m) => m.messageKey)).toEqual([key]);
    expect(await store.listMessagesForDay(phone, at(11 * DAY).slice(0, 10))).toEqual([]);
  });

  it('a send later than what is stored leaves createdAt and the day where they are', async () => {
    const key = `out_MB_${n}`;
    const phone = `80000000${n}`;
    await store.recordStatus({ ...metaStatus(key, 'delivered', 12 * DAY + 3), phoneNumberId: phone });
    await store.recordOutbound({ ...sent(key, 13 * DAY), phoneNumberId: phone });
    expect(await store.getMessage(key)).toMatchObject({ createdAt: at(12 * DAY + 3), acceptedAt: at(13 * DAY) });
    expect((await store.listMessagesForDay(phone, at(12 * DAY).slice(0, 10))).map((m) => m.messageKey)).toEqual([key]);
  });
});

describe("a day's messages over more than one page", () => {
  it('lists every message of the day, reading page after page', async () => {
    const phone = `81000000${n}`;
    const keys = [1, 2, 3, 4, 5].map((i) => `out_PG_${n}_${i}`);
    for (const [i, key] of keys.entries()) await store.recordOutbound({ ...sent(key, 20 * DAY + i), phoneNumberId: phone });
    pagesRead = 0;
    const listed = await store.listMessagesForDay(phone, at(20 * DAY).slice(0, 10));
    expect(listed.map((m) => m.messageKey)).toEqual(keys);
    expect(pagesRead).toBe(3);
  });
});
