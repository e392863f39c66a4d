import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeEvent, type DomainDetail } from '../../../events/index.js';
import { DynamoMessageStore } from '../../../functions/adapters/dynamodb/message-store.js';
import { throttled, conditionFailed, cancelled, testTableWithFaults } from '../../support/dynamo-faults.js';
import { CUSTOMER, flowReplyEvent, PHONE_ID, receivedEvent, scanAll, sentEvent, statusEvent } from '../ingest/support.js';

/**
 * What the message store writes, item by item and request by request: attributes kept from the
 * first time they are seen, the analytics day fixed by the earliest time, events without a phone
 * number id, media, and the answers the callers act on. Requests are counted (a send in the usual
 * order is one write), and DynamoDB errors are injected per call.
 */
const { sent, faults, table, fakeDb: countingDb } = testTableWithFaults();
let store: DynamoMessageStore;
let n = 0;

const at = (s: number) => new Date(s * 1000).toISOString();
const DAY = 86400;
const dayOf = (s: number) => at(s).slice(0, 10);
const detail = <T extends Parameters<typeof makeEvent>[0]>(type: T, d: Record<string, unknown>) => makeEvent(type, d as never).detail as DomainDetail<T>;
const sendOf = (key: string, t: number, extra: Record<string, unknown> = {}) => sentEvent(key, t, extra).detail;
const statusOf = (key: string, s: 'sent' | 'delivered' | 'read' | 'failed', t: number, extra: Record<string, unknown> = {}) => statusEvent(key, s, t, extra).detail;
const messageItem = async (key: string) => (await scanAll(table.db, table.tableName)).find((i) => i.pk === `MSG#${key}` && i.sk === 'MSG');
const writes = () => sent.filter((s) => s !== 'GetCommand' && s !== 'QueryCommand');

beforeEach(() => {
  store = new DynamoMessageStore(countingDb(), table.tableName);
  n++;
});

describe('a send', () => {
  it('recorded first is one write; recorded again, the refused status write and the attributes again, nothing more', async () => {
    const key = `out_W_${n}`;
    await store.recordOutbound(sendOf(key, 100));
    expect(writes()).toEqual(['UpdateCommand']);
    sent.length = 0;
    await store.recordOutbound(sendOf(key, 100));
    expect(writes()).toEqual(['UpdateCommand', 'UpdateCommand']);
    expect(await messageItem(key)).toMatchObject({ status: 'accepted', createdAt: at(100), acceptedAt: at(100) });
  });

  it('recorded after its statuses but without a phone number id moves createdAt back, with no day index', async () => {
    const key = `out_W_${n}`;
    const noPhone = { phoneNumberId: undefined };
    await store.recordStatus(statusOf(key, 'read', 2 * DAY, noPhone));
    await store.recordOutbound(sendOf(key, DAY, noPhone));
    const item = await messageItem(key);
    expect(item).toMatchObject({ createdAt: at(DAY), status: 'read', direction: 'outbound' });
    expect(item).not.toHaveProperty('gsi1pk');
  });

  it('whose move of createdAt back finds its condition failed (another event moved it first) is not an error', async () => {
    const key = `out_W_${n}`;
    await store.recordStatus(statusOf(key, 'read', 300));
    faults.push({ command: 'UpdateCommand', nth: 3, error: conditionFailed });
    await store.recordOutbound(sendOf(key, 200));
    expect(await messageItem(key)).toMatchObject({ createdAt: at(300), direction: 'outbound' });
  });

  it('whose move of createdAt back is throttled fails, so the event is retried', async () => {
    const key = `out_W_${n}`;
    await store.recordStatus(statusOf(key, 'read', 300));
    faults.push({ command: 'UpdateCommand', nth: 3, error: throttled });
    await expect(store.recordOutbound(sendOf(key, 200))).rejects.toThrow(/provisioned throughput/);
  });
});

describe('statuses', () => {
  it('a later status leaves the message in the day it was created', async () => {
    const key = `wamid.W.${n}`;
    await store.recordStatus(statusOf(key, 'sent', 5 * DAY + 1));
    await store.recordStatus(statusOf(key, 'read', 6 * DAY + 1));
    expect(await messageItem(key)).toMatchObject({ createdAt: at(5 * DAY + 1), gsi1pk: `PHONE#${PHONE_ID}#DAY#${dayOf(5 * DAY)}` });
  });

  it('an earlier status that moves createdAt back keeps the first pricing, errors and ids seen', async () => {
    const key = `wamid.W.${n}`;
    await store.recordStatus(statusOf(key, 'failed', 8 * DAY, { pricing: { billable: false, category: 'utility' }, errors: [{ code: 131026 }], reason: 'undeliverable' }));
    await store.recordStatus(
      statusOf(key, 'sent', 7 * DAY, { pricing: { billable: true, category: 'marketing' }, errors: [{ code: 1 }], reason: 'other', recipient: '15559990000' }),
    );
    expect(await messageItem(key)).toMatchObject({
      status: 'failed',
      createdAt: at(7 * DAY),
      gsi1pk: `PHONE#${PHONE_ID}#DAY#${dayOf(7 * DAY)}`,
      pricing: { billable: false, category: 'utility' },
      errorCodes: [131026],
      failureReason: 'undeliverable',
      waId: CUSTOMER,
    });
  });

  it('an empty error list is not stored, so the errors of a later failure are', async () => {
    const key = `wamid.W.${n}`;
    await store.recordStatus(statusOf(key, 'sent', 900, { errors: [] }));
    expect(await messageItem(key)).not.toHaveProperty('errorCodes');
    await store.recordStatus(statusOf(key, 'failed', 901, { errors: [{ code: 131049 }] }));
    expect(await messageItem(key)).toMatchObject({ errorCodes: [131049] });
  });

  it('a redelivered status answers that it applied nothing, under the key it was stored at', async () => {
    const key = `wamid.W.${n}`;
    await store.recordStatus(statusOf(key, 'delivered', 1000));
    expect(await store.recordStatus(statusOf(key, 'delivered', 1000))).toEqual({ appliedStatus: false, messageKey: key });
  });

  it('a message condition that failed on an item gone by the re-read is retried as a new message', async () => {
    const key = `wamid.W.${n}`;
    faults.push({ command: 'TransactWriteCommand', nth: 1, error: () => cancelled('None', 'ConditionalCheckFailed') });
    expect(await store.recordStatus(statusOf(key, 'delivered', 1100))).toEqual({ appliedStatus: true, messageKey: key });
    expect(await messageItem(key)).toMatchObject({ status: 'delivered', createdAt: at(1100) });
  });

  it('giving up after 5 attempts keeps the last cancellation as the cause', async () => {
    const key = `wamid.W.${n}`;
    for (let nth = 1; nth <= 5; nth++) faults.push({ command: 'TransactWriteCommand', nth, error: () => cancelled('None', 'ConditionalCheckFailed') });
    const err = await store.recordStatus(statusOf(key, 'delivered', 1200)).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).cause).toBeInstanceOf(TransactionCanceledException);
  });

  it("keyed eum:… without EUM's id is stored under its key as given", async () => {
    const key = `eum:orphan-${n}`;
    expect(await store.recordStatus(statusOf(key, 'sent', 1300))).toEqual({ appliedStatus: true, messageKey: key });
  });

  it('keyed by our own id stays there even when it names an EUM id another send is aliased to', async () => {
    const eumId = `eum-w-${n}`;
    await store.recordOutbound(sendOf(`out_A_${n}`, 1400, { eumMessageId: eumId }));
    const own = `out_B_${n}`;
    expect(await store.recordStatus(statusOf(own, 'delivered', 1401, { eumMessageId: eumId }))).toEqual({ appliedStatus: true, messageKey: own });
  });
});

describe('inbound messages', () => {
  it('without a phone number id are recorded, with no conversation window', async () => {
    const id = `wamid.W.IN.${n}`;
    await store.recordInbound(receivedEvent(id, 50, { phoneNumberId: undefined, wabaId: undefined }).detail);
    expect(await messageItem(id)).toMatchObject({ direction: 'inbound', text: 'hi' });
    expect((await scanAll(table.db, table.tableName)).filter((i) => String(i.pk).startsWith('WINDOW#undefined'))).toEqual([]);
  });
});

describe('media', () => {
  it('is set on the message, which may not be recorded yet; the same media again writes the same values', async () => {
    const id = `wamid.W.MEDIA.${n}`;
    const media = { id: `media-${n}`, bucket: 'b', key: `media/${n}`, sizeBytes: 3, mimeType: 'image/jpeg', sha256: 'abc=' };
    await store.recordMedia(id, media);
    expect(await messageItem(id)).toEqual({ pk: `MSG#${id}`, sk: 'MSG', messageKey: id, media });
    await store.recordInbound(
      detail('message.received', {
        eventId: `in:m:${n}`,
        occurredAt: at(60),
        receivedAt: at(60),
        phoneNumberId: PHONE_ID,
        messageId: id,
        from: CUSTOMER,
        type: 'image',
        mediaId: media.id,
      }),
    );
    await store.recordMedia(id, media);
    expect(await messageItem(id)).toMatchObject({ messageKey: id, media, direction: 'inbound', mediaId: media.id });
  });

  it('a throttled media write fails the call', async () => {
    faults.push({ command: 'UpdateCommand', nth: 1, error: throttled });
    await expect(store.recordMedia(`wamid.W.MEDIA.${n}`, { id: 'm', bucket: 'b', key: 'k', sizeBytes: 1, mimeType: 'image/png', sha256: 'x' })).rejects.toThrow(
      /provisioned throughput/,
    );
  });
});

describe('flow replies and orders', () => {
  it('are kept once per message', async () => {
    const flow = flowReplyEvent(`wamid.W.FL.${n}`, 1, { response: { a: 1 } }).detail;
    await store.recordFlowReply(flow);
    await store.recordFlowReply({ ...flow, response: { a: 2 } });
    expect((await scanAll(table.db, table.tableName)).filter((i) => i.pk === `MSG#wamid.W.FL.${n}`).map((i) => [i.sk, i.response])).toEqual([['FLOW', { a: 1 }]]);
  });
});
