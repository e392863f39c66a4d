import { ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PaymentListingBackfill, PaymentListingBackfillPage } from '../../ports/payments.js';
import { isConditionalCheckFailed } from './client.js';
import { GSI1, Keys } from './keys.js';
import { InvalidPaymentCursorError } from './payment-listing.js';

/** Conditional updates in flight at once: enough to finish a full page in well under a second. */
const UPDATES_AT_ONCE = 8;
/** A payment record's keys: `PAYMENT#<id>` / `PAYMENT` (its history, attempts and refunds share the pk, not the sk). */
const PAYMENT_RECORD = Keys.payment('');

/** What the Scan reads of a payment record: its key and what its month key is made of. */
interface Scanned {
  pk: string;
  sk: string;
  paymentId?: unknown;
  createdAt?: unknown;
}

const encode = (key: Record<string, unknown>) => Buffer.from(JSON.stringify(key)).toString('base64url');
function decode(cursor: string): Record<string, unknown> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof key.pk !== 'string' || typeof key.sk !== 'string' || Object.keys(key).length !== 2) throw new Error('key');
    return key;
  } catch {
    throw new InvalidPaymentCursorError('cursor: not a cursor this action returned');
  }
}

/**
 * Adds the month key (GSI1, Keys.paymentsByMonth — the shape `reserve` writes) to payment records
 * stored before it existed. No index holds exactly those records (GSI2 has them, but one partition
 * per customer, none listing the customers), so this is a Scan of the base table filtered on the
 * record's sort key and the missing attribute, `pageSize` items read per call. Each write is an
 * UpdateItem of the two key attributes alone, conditioned on the record still being there and still
 * unkeyed (its paymentId and createdAt never change): whatever else changed meanwhile stays as its
 * writer left it, and a second run finds nothing. Throttling is retried by the SDK (as for every
 * store); a failure that outlasts it fails the call, and the caller resumes from the cursor it held.
 */
export class DynamoPaymentListingBackfill implements PaymentListingBackfill {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async backfillPage(q: { cursor?: string; pageSize: number; dryRun: boolean }): Promise<PaymentListingBackfillPage> {
    const out = await this.db.send(
      new ScanCommand({
        TableName: this.tableName,
        Limit: q.pageSize,
        ExclusiveStartKey: q.cursor ? decode(q.cursor) : undefined,
        FilterExpression: '#sk = :sk AND begins_with(#pk, :pk) AND attribute_not_exists(#monthPk)',
        ProjectionExpression: '#pk, #sk, paymentId, createdAt',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk', '#monthPk': GSI1.pk },
        ExpressionAttributeValues: { ':pk': PAYMENT_RECORD.pk, ':sk': PAYMENT_RECORD.sk },
      }),
    );
    const found = (out.Items ?? []) as Scanned[];
    const page = {
      scanned: out.ScannedCount ?? 0,
      missing: found.length,
      updated: 0,
      skipped: 0,
      unkeyable: 0,
      nextCursor: out.LastEvaluatedKey ? encode(out.LastEvaluatedKey) : null,
    };
    if (q.dryRun) return page;
    for (let i = 0; i < found.length; i += UPDATES_AT_ONCE) {
      // Settled, not raced: the call never returns while writes of its page are still in flight.
      const done = await Promise.allSettled(found.slice(i, i + UPDATES_AT_ONCE).map((r) => this.addMonthKey(r)));
      const failed = done.find((d) => d.status === 'rejected');
      if (failed) throw failed.reason;
      for (const d of done) if (d.status === 'fulfilled') page[d.value]++;
    }
    return page;
  }

  /** What this call did with the record: keyed it, left it (changed meanwhile), or could not key it (no creation time or id). */
  private async addMonthKey(r: Scanned): Promise<'updated' | 'skipped' | 'unkeyable'> {
    if (typeof r.paymentId !== 'string' || typeof r.createdAt !== 'string') return 'unkeyable';
    const key = Keys.paymentsByMonth(r.createdAt, r.paymentId);
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: r.pk, sk: r.sk },
          UpdateExpression: 'SET #monthPk = :monthPk, #monthSk = :monthSk',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#monthPk)',
          ExpressionAttributeNames: { '#monthPk': GSI1.pk, '#monthSk': GSI1.sk },
          ExpressionAttributeValues: { ':monthPk': key.gsi1pk, ':monthSk': key.gsi1sk },
        }),
      );
      return 'updated';
    } catch (err) {
      if (isConditionalCheckFailed(err)) return 'skipped';
      throw err;
    }
  }
}
