import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeEvent } from '../../../events/index.js';
import { DynamoDedupeStore } from '../../../functions/adapters/dynamodb/dedupe-store.js';
import { DynamoMessageStore } from '../../../functions/adapters/dynamodb/message-store.js';
import { recordMessageEvent } from '../../../functions/ingest/record-message.js';
import { throttled, cancelled, testTableWithFaults } from '../../support/dynamo-faults.js';
import { CUSTOMER, flowReplyEvent, PHONE_ID, receivedEvent, scanAll, sentEvent, statusEvent, WABA } from '../ingest/support.js';

/**
 * The stores on a real (dynalite) table, with DynamoDB errors injected per call: a throttled or
 * cancelled write must fail the call (so the event is retried), never be swallowed like the
 * "already there" condition failures the stores expect.
 */
/** Commands sent, by class name, in order; and which calls (by class name and index among them) fail. */
const { sent, faults, table, fakeDb: faultyDb } = testTableWithFaults();

let messages: DynamoMessageStore;
let dedupe: DynamoDedupeStore;
let n = 0;
const at = (s: number) => new Date(s * 1000).toISOString();
const status = statusEvent;
const outbound = (key: string, t: number) => sentEvent(key, t);
const itemsOf = async (key: string) => (await scanAll(table.db, table.tableName)).filter((i) => i.pk === `MSG#${key}`);

beforeEach(() => {
  messages = new DynamoMessageStore(faultyDb(), table.tableName);
  dedupe = new DynamoDedupeStore(faultyDb(), table.tableName);
  n++;
});

describe('a status is one transaction (history item + message update)', () => {
  it('in the usual order each status is exactly one write request: sent, delivered, read', async () => {
    const key = `wamid.TX.${n}`;
    for (const [s, t] of [
      ['sent', 100],
      ['delivered', 101],
      ['read', 102],
    ] as const)
      await messages.recordStatus(status(key, s, t).detail);
    expect(sent).toEqual(['TransactWriteCommand', 'TransactWriteCommand', 'TransactWriteCommand']);
    expect(await messages.getMessage(key)).toMatchObject({ status: 'read', sentAt: at(100), deliveredAt: at(101), readAt: at(102), createdAt: at(100) });
    expect((await messages.getStatusHistory(key)).map((h) => h.status)).toEqual(['sent', 'delivered', 'read']);
  });

  it('a write that fails leaves neither the history item nor the status, and the redelivery records both', async () => {
    // Prepare: the message is sent; its `read` write is throttled
    const key = `wamid.TX.${n}`;
    await messages.recordStatus(status(key, 'sent', 200).detail);
    faults.push({ command: 'TransactWriteCommand', nth: 2, error: throttled });
    // Act + Assess: the error reaches the caller (the rule retries the target)
    await expect(messages.recordStatus(status(key, 'read', 201).detail)).rejects.toThrow(/provisioned throughput/);
    expect(await messages.getMessage(key)).toMatchObject({ status: 'sent' });
    expect((await messages.getStatusHistory(key)).map((h) => h.status)).toEqual(['sent']);
    // Act: the retry
    expect(await messages.recordStatus(status(key, 'read', 201).detail)).toEqual({ appliedStatus: true, messageKey: key });
    expect(await messages.getMessage(key)).toMatchObject({ status: 'read', readAt: at(201) });
  });

  it('a cancellation for any reason but a failed condition is an error, not "superseded"', async () => {
    const key = `wamid.TX.${n}`;
    faults.push({ command: 'TransactWriteCommand', nth: 1, error: () => cancelled('None', 'TransactionConflict') });
    await expect(messages.recordStatus(status(key, 'delivered', 300).detail)).rejects.toBeInstanceOf(TransactionCanceledException);
    faults.push({ command: 'TransactWriteCommand', nth: 2, error: () => cancelled('ThrottlingError', 'None') });
    await expect(messages.recordStatus(status(key, 'delivered', 300).detail)).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(await itemsOf(key)).toEqual([]);
  });

  it('the same status delivered again is answered superseded and writes nothing new', async () => {
    const key = `wamid.TX.${n}`;
    const read = status(key, 'read', 400);
    expect(await recordMessageEvent({ 'detail-type': read.detailType, detail: read.detail }, messages)).toBe('status');
    const before = await itemsOf(key);
    expect(await recordMessageEvent({ 'detail-type': read.detailType, detail: read.detail }, messages)).toBe('status-superseded');
    expect(await itemsOf(key)).toEqual(before);
  });

  it('a lower status after a higher one keeps the higher status and still records its history and time', async () => {
    const key = `wamid.TX.${n}`;
    const read = status(key, 'read', 502);
    const delivered = status(key, 'delivered', 501);
    expect(await recordMessageEvent({ 'detail-type': read.detailType, detail: read.detail }, messages)).toBe('status');
    expect(await recordMessageEvent({ 'detail-type': delivered.detailType, detail: delivered.detail }, messages)).toBe('status-superseded');
    expect(await messages.getMessage(key)).toMatchObject({ status: 'read', deliveredAt: at(501), readAt: at(502), createdAt: at(501), gsi1pk: `PHONE#${PHONE_ID}#DAY#1970-01-01` });
    expect((await messages.getStatusHistory(key)).map((h) => h.status).sort()).toEqual(['delivered', 'read']);
  });

  it('a higher status that is also earlier than the stored createdAt applies and moves createdAt back in the same transaction', async () => {
    // Prepare: `delivered` at day 2 is stored first; `read` carries an earlier (clock-skewed) time
    const key = `wamid.TX.${n}`;
    const day2 = 2 * 86400 + 10;
    await messages.recordStatus(status(key, 'delivered', day2).detail);
    // Act
    const r = await messages.recordStatus(status(key, 'read', 100).detail);
    // Assess
    expect(r.appliedStatus).toBe(true);
    expect(await messages.getMessage(key)).toMatchObject({ status: 'read', createdAt: at(100), gsi1pk: `PHONE#${PHONE_ID}#DAY#1970-01-01`, gsi1sk: `${at(100)}#${key}` });
  });

  it('a lower status that is also earlier moves createdAt and the day bucket back, and keeps the higher status', async () => {
    const key = `wamid.TX.${n}`;
    const day2 = 2 * 86400 + 10;
    await messages.recordStatus(status(key, 'read', day2).detail);
    expect(await messages.recordStatus(status(key, 'sent', 100).detail)).toEqual({ appliedStatus: false, messageKey: key });
    expect(await messages.getMessage(key)).toMatchObject({
      status: 'read',
      sentAt: at(100),
      readAt: at(day2),
      createdAt: at(100),
      gsi1pk: `PHONE#${PHONE_ID}#DAY#1970-01-01`,
      gsi1sk: `${at(100)}#${key}`,
    });
  });

  it('a lower status at the very time the message was created is superseded without touching createdAt', async () => {
    const key = `wamid.TX.${n}`;
    await messages.recordStatus(status(key, 'read', 700).detail);
    expect(await messages.recordStatus(status(key, 'delivered', 700).detail)).toEqual({ appliedStatus: false, messageKey: key });
    expect(await messages.getMessage(key)).toMatchObject({ status: 'read', createdAt: at(700), deliveredAt: at(700) });
  });

  it('the same status reported again at another time is kept in the history; the first time stays on the message', async () => {
    const key = `wamid.TX.${n}`;
    await messages.recordStatus(status(key, 'read', 800).detail);
    expect(await messages.recordStatus(status(key, 'read', 805).detail)).toEqual({ appliedStatus: false, messageKey: key });
    expect(await messages.getMessage(key)).toMatchObject({ status: 'read', readAt: at(800) });
    expect((await messages.getStatusHistory(key)).map((h) => h.occurredAt)).toEqual([at(800), at(805)]);
  });

  it('an item that keeps changing under the transaction gives up after 5 attempts with an error (the event is retried)', async () => {
    const key = `wamid.TX.${n}`;
    await messages.recordStatus(status(key, 'read', 900).detail);
    for (let nth = 2; nth <= 7; nth++) faults.push({ command: 'TransactWriteCommand', nth, error: () => cancelled('None', 'ConditionalCheckFailed') });
    await expect(messages.recordStatus(status(key, 'delivered', 901).detail)).rejects.toThrow(
      `message ${key}: status delivered not recorded after 5 attempts (the item kept changing)`,
    );
    expect(sent.filter((c) => c === 'TransactWriteCommand')).toHaveLength(6);
  });

  it('a status that arrives before its message.sent: the send later makes the message outbound', async () => {
    const key = `out_TX_${n}`;
    await messages.recordStatus(status(key, 'delivered', 601).detail);
    expect(await messages.getMessage(key)).toMatchObject({ direction: 'unknown', status: 'delivered' });
    await messages.recordOutbound(outbound(key, 600).detail);
    expect(await messages.getMessage(key)).toMatchObject({ direction: 'outbound', status: 'delivered', createdAt: at(600) });
    // and a later status does not turn it back to unknown
    await messages.recordStatus(status(key, 'read', 602).detail);
    expect(await messages.getMessage(key)).toMatchObject({ direction: 'outbound', status: 'read' });
  });
});

describe('record-message answers what it recorded', () => {
  it('one label per detail-type', async () => {
    const common = { occurredAt: at(1), receivedAt: at(1), phoneNumberId: PHONE_ID, wabaId: WABA, from: CUSTOMER };
    const record = (e: ReturnType<typeof makeEvent>) => recordMessageEvent({ 'detail-type': e.detailType, detail: e.detail }, messages);
    expect(await record(makeEvent('message.received', { ...common, eventId: `lbl-in-${n}`, messageId: `wamid.LBL.IN.${n}`, type: 'text', text: 'hi' }))).toBe('inbound');
    expect(await record(outbound(`out_LBL_${n}`, 2) as ReturnType<typeof makeEvent>)).toBe('outbound');
    expect(await record(makeEvent('flow.completed', { ...common, eventId: `lbl-fl-${n}`, messageId: `wamid.LBL.FL.${n}`, flowToken: 't', response: {} }))).toBe('flow');
    expect(
      await record(makeEvent('order.received', { ...common, eventId: `lbl-or-${n}`, messageId: `wamid.LBL.OR.${n}`, catalogId: 'c', items: [], totalMinor: 0, currency: 'INR' })),
    ).toBe('order');
  });
});

describe('throttled writes fail the call instead of being swallowed', () => {
  it('an inbound message whose window update is throttled', async () => {
    const inbound = receivedEvent(`wamid.IN.${n}`, 700, { from: `1555000${n}` });
    faults.push({ command: 'UpdateCommand', nth: 2, error: throttled });
    await expect(messages.recordInbound(inbound.detail)).rejects.toThrow(/provisioned throughput/);
  });

  it('moving createdAt back, when it is throttled', async () => {
    // Prepare: a status is stored first; the send (earlier) must move createdAt back. Its writes:
    // the refused status update, the attributes alone, then the move (the one throttled)
    const key = `out_TB_${n}`;
    await messages.recordStatus(status(key, 'delivered', 801).detail);
    faults.push({ command: 'UpdateCommand', nth: 3, error: throttled });
    await expect(messages.recordOutbound(outbound(key, 800).detail)).rejects.toThrow(/provisioned throughput/);
  });

  it('the outbound message write, when it is throttled', async () => {
    faults.push({ command: 'UpdateCommand', nth: 1, error: throttled });
    await expect(messages.recordOutbound(outbound(`out_TC_${n}`, 900).detail)).rejects.toThrow(/provisioned throughput/);
  });

  it('a flow reply or an order whose put is throttled', async () => {
    faults.push({ command: 'PutCommand', nth: 1, error: throttled });
    const flow = flowReplyEvent(`wamid.FL.${n}`, 1);
    await expect(messages.recordFlowReply(flow.detail)).rejects.toThrow(/provisioned throughput/);
  });

  it('a claim whose put is throttled is an error, not "in flight"', async () => {
    faults.push({ command: 'PutCommand', nth: 1, error: throttled });
    await expect(dedupe.claim(`evt-throttled-${n}`)).rejects.toThrow(/provisioned throughput/);
    expect(sent).toEqual(['PutCommand']);
  });

  it('a rejected payload is keyed by its day and a 16-hex digest of the body; only bodies over 100,000 characters are cut', async () => {
    const at100k = { source: 'eum', reason: 'bad', raw: 'y'.repeat(100_000), receivedAt: '2026-02-03T04:05:06.000Z' };
    await dedupe.keepRejected(at100k);
    await dedupe.keepRejected({ ...at100k, raw: 'y'.repeat(100_001) });
    const kept = (await scanAll(table.db, table.tableName)).filter((i) => i.pk === 'REJECTED#2026-02-03');
    expect(kept.map((k) => String(k.sk))).toEqual(expect.arrayContaining([expect.stringMatching(/^2026-02-03T04:05:06\.000Z#[0-9a-f]{16}$/)]));
    expect(kept.every((k) => /^2026-02-03T04:05:06\.000Z#[0-9a-f]{16}$/.test(String(k.sk)))).toBe(true);
    expect(kept.map((k) => String(k.raw).length).sort((a, b) => a - b)).toEqual([100_000, 100_000 + '…(truncated)'.length]);
  });

  it('a rejected payload whose put is throttled is an error (it would be lost), a repeat of a kept one is not', async () => {
    const rejected = { source: 'eum', reason: 'bad', raw: `{"n":${n}}`, receivedAt: at(n) };
    faults.push({ command: 'PutCommand', nth: 1, error: throttled });
    await expect(dedupe.keepRejected(rejected)).rejects.toThrow(/provisioned throughput/);
    await dedupe.keepRejected(rejected);
    await dedupe.keepRejected(rejected);
    expect((await scanAll(table.db, table.tableName)).filter((i) => i.raw === rejected.raw)).toHaveLength(1);
  });
});
