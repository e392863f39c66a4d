import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { dispatchAction } from '../../../functions/actions/registry.js';
import { Keys } from '../../../functions/adapters/dynamodb/keys.js';
import { DynamoPaymentListing } from '../../../functions/adapters/dynamodb/payment-listing.js';
import { DynamoPaymentListingBackfill } from '../../../functions/adapters/dynamodb/payment-listing-backfill.js';
import { DynamoPaymentStore } from '../../../functions/adapters/dynamodb/payment-store.js';
import type { PaymentRecord } from '../../../functions/domain/payments/model.js';
import { actionContext, succeeded } from '../../support/action-context.js';
import { paymentRecord, putLegacyPayment } from './legacy-payments.js';
import { dynamoFake, type InjectedFault } from '../../support/dynamo-fake.js';
import { throttled } from '../../support/dynamo-faults.js';
import { testTable } from '../../support/test-table.js';

/**
 * backfill_payment_listing on a real (dynalite) table holding payment records as the code before
 * the month key wrote them: list_payments across customers must find them afterwards, in the month
 * they were created, without the backfill overwriting what changed meanwhile.
 */
const NOW = new Date('2026-12-07T00:00:00Z');
const YEAR_2025 = { from: '2025-01-01T00:00:00Z', to: '2025-12-31T23:59:59Z' };
/** Creation times across months, one on a month's last instant (its key is that month's). */
const CREATED = ['2025-03-04T10:00:00.000Z', '2025-03-20T08:30:00.000Z', '2025-07-01T00:00:00.000Z', '2025-11-30T23:59:59.999Z', '2025-12-01T00:00:00.000Z'];

/** One table per describe block, with `db` the client the backfill runs on (the table's own unless the test interleaves). */
function legacyTable() {
  const table = testTable();
  let db: (() => DynamoDBDocumentClient) | undefined;
  const ctx = () =>
    actionContext({
      now: () => NOW,
      paymentListing: () => new DynamoPaymentListing(table.db, table.tableName),
      paymentListingBackfill: () => new DynamoPaymentListingBackfill(db?.() ?? table.db, table.tableName),
    });
  const putLegacy = (r: PaymentRecord) => putLegacyPayment(table.db, table.tableName, r);
  const stored = async (paymentId: string) => (await table.db.send(new GetCommand({ TableName: table.tableName, Key: Keys.payment(paymentId) }))).Item;
  const listedAcross = async () =>
    ((await succeeded({ action: 'list_payments', ...YEAR_2025, limit: 100 }, ctx())).payments as { paymentId: string; status: string }[]).map((p) => p.paymentId).sort();
  /** The CLI's loop: pages until the cursor runs out (bounded, so a cursor that never advances fails instead of hanging). */
  async function backfillAll(opts: { page_size?: number; dry_run?: boolean } = {}) {
    const totals = { pages: 0, scanned: 0, missing: 0, updated: 0, skipped: 0, unkeyable: 0 };
    let cursor: string | undefined;
    do {
      if (totals.pages >= 50) throw new Error('the backfill did not reach the end of the table in 50 pages');
      const page = await succeeded({ action: 'backfill_payment_listing', ...opts, ...(cursor ? { cursor } : {}) }, ctx());
      totals.pages++;
      for (const k of ['scanned', 'missing', 'updated', 'skipped', 'unkeyable'] as const) totals[k] += page[k];
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return totals;
  }
  return { table, ctx, putLegacy, stored, listedAcross, backfillAll, interleave: (client: () => DynamoDBDocumentClient) => (db = client) };
}

describe('payment records stored before the month key', () => {
  const t = legacyTable();

  it('appear in list_payments across customers after the backfill, each in the month it was created; a second run finds nothing', async () => {
    // Prepare: legacy records of two customers, and one written by today's code (already keyed)
    const ids = CREATED.map((_, i) => `pay_legacy_${i}`);
    for (const [i, at] of CREATED.entries()) await t.putLegacy(paymentRecord(ids[i]!, at, `91910000000${i % 2}`));
    await new DynamoPaymentStore(t.table.db, t.table.tableName).reserve(paymentRecord('pay_new', '2025-05-05T05:05:05.000Z'));
    expect(await t.listedAcross()).toEqual(['pay_new']);

    // Act
    const first = await t.backfillAll();

    // Assess: every legacy record found and keyed by its own creation time
    expect(first).toMatchObject({ missing: CREATED.length, updated: CREATED.length, skipped: 0 });
    expect(await t.listedAcross()).toEqual([...ids, 'pay_new'].sort());
    const november = await succeeded({ action: 'list_payments', from: '2025-11-01T00:00:00Z', to: '2025-11-30T23:59:59.999Z' }, t.ctx());
    expect(november.payments.map((p: { paymentId: string }) => p.paymentId)).toEqual(['pay_legacy_3']);
    // Only payment records get the key: their history items stay as they were
    const history = await new DynamoPaymentStore(t.table.db, t.table.tableName).history('pay_legacy_0');
    expect(history).toHaveLength(1);

    // Act + Assess: idempotent
    expect(await t.backfillAll()).toMatchObject({ missing: 0, updated: 0, skipped: 0 });
  });
});

describe('a dry run', () => {
  const t = legacyTable();

  it('counts the records missing the key and writes nothing', async () => {
    for (const [i, at] of CREATED.entries()) await t.putLegacy(paymentRecord(`pay_dry_${i}`, at));

    const dry = await t.backfillAll({ dry_run: true });

    expect(dry).toMatchObject({ missing: CREATED.length, updated: 0, skipped: 0 });
    expect(await t.listedAcross()).toEqual([]);
    expect(Object.keys((await t.stored('pay_dry_0'))!)).not.toContain('gsi1pk');
    // The real run still finds them all
    expect(await t.backfillAll()).toMatchObject({ missing: CREATED.length, updated: CREATED.length });
  });
});

describe('pages', () => {
  const t = legacyTable();

  it('resumed from each cursor cover every record of the table, a page never reading more than page_size items', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `pay_page_${String(i).padStart(2, '0')}`);
    for (const [i, id] of ids.entries()) await t.putLegacy(paymentRecord(id, CREATED[i % CREATED.length]!));

    const pages: { scanned: number; updated: number }[] = [];
    let cursor: string | undefined;
    do {
      const page = await succeeded({ action: 'backfill_payment_listing', page_size: 5, ...(cursor ? { cursor } : {}) }, t.ctx());
      pages.push(page);
      cursor = page.nextCursor ?? undefined;
      if (pages.length > 20) throw new Error('the cursor does not advance');
    } while (cursor);

    // 12 records + 12 history items: several pages, each bounded
    expect(pages.length).toBeGreaterThanOrEqual(5);
    expect(pages.every((p) => p.scanned <= 5)).toBe(true);
    expect(pages.reduce((n, p) => n + p.updated, 0)).toBe(ids.length);
    expect(await t.listedAcross()).toEqual(ids);
  });

  it('refuses a cursor it did not hand out, naming the field', async () => {
    const res = await dispatchAction({ action: 'backfill_payment_listing', cursor: Buffer.from('{"pk":1}').toString('base64url') }, t.ctx());
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'ValidationError', details: { issues: [{ field: 'cursor' }] } } });
  });
});

describe('records that change between the read and the write', () => {
  const t = legacyTable();
  /** The backfill's client, running `meanwhile` (once, on the real table) just before its first UpdateItem reaches the table. */
  const updatesAfter = (meanwhile: () => Promise<unknown>) => {
    let ran = false;
    t.interleave(
      () =>
        ({
          send: async (command: object) => {
            if (command instanceof UpdateCommand && !ran) {
              ran = true;
              await meanwhile();
            }
            return t.table.db.send(command as never);
          },
        }) as unknown as DynamoDBDocumentClient,
    );
  };

  it('keep what the other writer wrote: a payment that moved on is keyed without losing its new status', async () => {
    await t.putLegacy(paymentRecord('pay_moved', '2025-04-01T09:00:00.000Z'));
    updatesAfter(() =>
      t.table.db.send(
        new UpdateCommand({
          TableName: t.table.tableName,
          Key: Keys.payment('pay_moved'),
          UpdateExpression: 'SET #status = :paid, amountPaidMinor = :amount, version = version + :one',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':paid': 'paid', ':amount': 1000, ':one': 1 },
        }),
      ),
    );

    expect(await t.backfillAll()).toMatchObject({ missing: 1, updated: 1, skipped: 0 });

    expect(await t.stored('pay_moved')).toMatchObject({ status: 'paid', amountPaidMinor: 1000, version: 3, ...Keys.paymentsByMonth('2025-04-01T09:00:00.000Z', 'pay_moved') });
  });

  it('are not keyed twice: a record another run keyed meanwhile is skipped, its key left as that run wrote it', async () => {
    await t.putLegacy(paymentRecord('pay_raced', '2025-06-01T09:00:00.000Z'));
    const other = { gsi1pk: Keys.paymentsMonthPartition('2025-06'), gsi1sk: 'written-by-the-other-run' };
    updatesAfter(() =>
      t.table.db.send(
        new UpdateCommand({
          TableName: t.table.tableName,
          Key: Keys.payment('pay_raced'),
          UpdateExpression: 'SET gsi1pk = :pk, gsi1sk = :sk',
          ExpressionAttributeValues: { ':pk': other.gsi1pk, ':sk': other.gsi1sk },
        }),
      ),
    );

    expect(await t.backfillAll()).toMatchObject({ missing: 1, updated: 0, skipped: 1 });

    expect(await t.stored('pay_raced')).toMatchObject(other);
  });

  it('are not brought back: a record deleted meanwhile stays deleted, with no key-only item in the list', async () => {
    await t.putLegacy(paymentRecord('pay_gone', '2025-08-01T09:00:00.000Z'));
    updatesAfter(() => t.table.db.send(new DeleteCommand({ TableName: t.table.tableName, Key: Keys.payment('pay_gone') })));

    expect(await t.backfillAll()).toMatchObject({ missing: 1, updated: 0, skipped: 1 });

    expect(await t.stored('pay_gone')).toBeUndefined();
    expect(await t.listedAcross()).not.toContain('pay_gone');
  });
});

describe('a payment record without a creation time', () => {
  const t = legacyTable();

  it('is counted as unkeyable, not as skipped, and stays so on every run (a rerun cannot fix it)', async () => {
    const record = paymentRecord('pay_undated', '2025-05-05T09:00:00.000Z');
    await t.table.db.send(new PutCommand({ TableName: t.table.tableName, Item: { ...Keys.payment(record.paymentId), ...record, createdAt: undefined } }));

    expect(await t.backfillAll()).toMatchObject({ missing: 1, updated: 0, skipped: 0, unkeyable: 1 });
    expect(await t.backfillAll()).toMatchObject({ missing: 1, updated: 0, skipped: 0, unkeyable: 1 });
    expect(await t.stored('pay_undated')).not.toHaveProperty('gsi1pk');
  });
});

describe('a write DynamoDB still throttles after the SDK retries', () => {
  const t = legacyTable();

  it('fails the call instead of counting the record as skipped, and the run resumed from the same cursor keys it', async () => {
    for (const [i, at] of CREATED.entries()) await t.putLegacy(paymentRecord(`pay_throttled_${i}`, at));
    const sent: string[] = [];
    const faults: InjectedFault[] = [{ command: 'UpdateCommand', nth: 2, error: throttled }];
    t.interleave(() => dynamoFake(t.table.db, { sent: () => sent, faults: () => faults }));

    const failed = await dispatchAction({ action: 'backfill_payment_listing' }, t.ctx());
    expect(failed.statusCode).toBeGreaterThanOrEqual(500);

    const resumed = await t.backfillAll();
    expect(resumed.updated + resumed.skipped).toBe(resumed.missing);
    expect(resumed.skipped).toBe(0);
    expect(await t.listedAcross()).toEqual(CREATED.map((_, i) => `pay_throttled_${i}`));
  });
});
