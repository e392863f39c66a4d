import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PaymentRecord } from '../../domain/payments/model.js';
import { InvalidListCursorError } from '../../ports/errors.js';
import type { PaymentListing, PaymentListQuery } from '../../ports/payments.js';
import { GSI1, GSI2, Keys } from './keys.js';
import { positionCursor, readNewestFirst } from './newest-first.js';

export class InvalidPaymentCursorError extends InvalidListCursorError {
  override readonly name = 'InvalidPaymentCursorError';
}

export const MAX_READS_PER_CALL = 24;
const FILTERED_READ = 200;

/** The cursor's `part`: the month partition (across customers) or `customer`. */
const cursor = positionCursor('part', /^(\d{4}-\d{2}|customer)$/, () => new InvalidPaymentCursorError('cursor: not a cursor this action returned'));

const previousMonth = (month: string) => {
  const d = new Date(`${month}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
};

function filterOf(status: string | undefined): { expression: string; names: Record<string, string>; values: Record<string, unknown> } | undefined {
  if (!status) return undefined;
  if (status === 'open') return { expression: '#status IN (:created, :partial)', names: { '#status': 'status' }, values: { ':created': 'created', ':partial': 'partially_paid' } };
  if (status === 'refunded') return { expression: 'refundedMinor > :zero', names: {}, values: { ':zero': 0 } };
  return { expression: '#status = :status', names: { '#status': 'status' }, values: { ':status': status } };
}

/**
 * Payment requests newest first, across customers (GSI1, one partition per UTC month of creation)
 * or of one customer (GSI2): Query, never Scan. `status` filters in DynamoDB; `open` means created
 * or partially paid, `refunded` any refund settled. Filtered reads are wide and cut, the cursor then
 * points at the last row kept; a call stops after MAX_READS_PER_CALL reads with a cursor.
 */
export class DynamoPaymentListing implements PaymentListing {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(q: PaymentListQuery): Promise<{ items: PaymentRecord[]; nextCursor: string | null }> {
    const filter = filterOf(q.status);
    const index = q.waId ? GSI2 : GSI1;
    const partitionOf = (part: string) => (q.waId ? Keys.customerPaymentsPartition(q.waId) : Keys.paymentsMonthPartition(part));
    const { items, next } = await readNewestFirst(this.db, {
      index,
      start: q.cursor ? cursor.decode(q.cursor) : { part: q.waId ? 'customer' : q.to.slice(0, 7) },
      oldest: q.waId ? 'customer' : q.from.slice(0, 7),
      // One customer's payments are one partition: after it, '' sorts below 'customer' and ends the walk.
      older: q.waId ? () => '' : previousMonth,
      query: (part) => ({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :lo AND :hi',
        FilterExpression: filter?.expression,
        ExpressionAttributeNames: { '#pk': index.pk, '#sk': index.sk, ...filter?.names },
        // `~` sorts after `#`: `to` includes that instant's payments.
        ExpressionAttributeValues: { ':pk': partitionOf(part), ':lo': q.from, ':hi': `${q.to}~`, ...filter?.values },
        ScanIndexForward: false,
      }),
      limit: q.limit,
      filteredRead: FILTERED_READ,
      maxReads: MAX_READS_PER_CALL,
    });
    return { items: items.map(strip), nextCursor: next ? cursor.encode(next) : null };
  }
}

function strip(item: Record<string, unknown>): PaymentRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, statusRank: _r, ...rest } = item;
  return rest as unknown as PaymentRecord;
}
