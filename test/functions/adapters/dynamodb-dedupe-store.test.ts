import { describe, expect, it } from 'vitest';
import { DynamoDedupeStore } from '../../../functions/adapters/dynamodb/dedupe-store.js';
import { testTable } from '../../support/test-table.js';
import { scanAll } from '../ingest/support.js';

const table = testTable();

/** A store whose clock the test moves. */
function storeAt(startMs: number) {
  const clock = { now: startMs };
  return { clock, store: new DynamoDedupeStore(table.db, table.tableName, () => clock.now) };
}

describe('DynamoDedupeStore', () => {
  it('one claim wins; while it runs others hear "in-flight", once completed "done" for good', async () => {
    const { clock, store } = storeAt(Date.UTC(2026, 0, 1));
    expect(await store.claim('evt-1')).toBe('claimed');
    expect(await store.claim('evt-1')).toBe('in-flight');
    await store.complete('evt-1');
    expect(await store.claim('evt-1')).toBe('done');
    clock.now += 3600_000;
    expect(await store.claim('evt-1')).toBe('done');
  });

  it('an in-flight claim left by a crashed attempt is never "done", and can be taken over once it expires', async () => {
    const { clock, store } = storeAt(Date.UTC(2026, 0, 1));
    expect(await store.claim('evt-2', 60)).toBe('claimed');
    clock.now += 30_000;
    expect(await store.claim('evt-2', 60)).toBe('in-flight');
    clock.now += 31_000;
    expect(await store.claim('evt-2', 60)).toBe('claimed');
  });

  it('the in-flight window is the store default unless the call gives one', async () => {
    const clock = { now: Date.UTC(2026, 0, 1) };
    const store = new DynamoDedupeStore(table.db, table.tableName, () => clock.now, 5);
    expect(await store.claim('evt-4')).toBe('claimed');
    clock.now += 6_000;
    expect(await store.claim('evt-4')).toBe('claimed');
  });

  it('a released claim can be claimed again at once', async () => {
    const { store } = storeAt(Date.UTC(2026, 0, 1));
    expect(await store.claim('evt-3')).toBe('claimed');
    await store.release('evt-3');
    expect(await store.claim('evt-3')).toBe('claimed');
  });

  it('ids with our key separator stay distinct, and records expire by TTL', async () => {
    const { store } = storeAt(Date.UTC(2026, 0, 1));
    expect(await store.claim('a#b')).toBe('claimed');
    expect(await store.claim('a%23b')).toBe('claimed');
    const items = (await scanAll(table.db, table.tableName)).filter((i) => String(i.pk).startsWith('DEDUPE#a'));
    expect(items).toHaveLength(2);
    for (const i of items) expect(i.expiresAt).toBe(Date.UTC(2026, 0, 1) / 1000 + 7 * 24 * 3600);
  });

  it('keepRejected stores the payload once with its reason, and truncates huge ones', async () => {
    const { store } = storeAt(Date.UTC(2026, 0, 1));
    const input = { source: 'eum-sns', reason: 'whatsAppWebhookEntry: not valid JSON', raw: '{bad', receivedAt: '2026-01-01T00:00:00.000Z' };
    await store.keepRejected(input);
    await store.keepRejected(input);
    await store.keepRejected({ ...input, raw: 'x'.repeat(150_000) });
    const kept = (await scanAll(table.db, table.tableName)).filter((i) => String(i.pk) === 'REJECTED#2026-01-01');
    expect(kept).toHaveLength(2);
    expect(kept.map((k) => String(k.raw).length).sort((a, b) => a - b)).toEqual([4, 100_000 + '…(truncated)'.length]);
  });
});
