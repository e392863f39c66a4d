import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { applyObservation as applyPure, providerPaymentRank, type LinkObservation } from '../../domain/payments/lifecycle.js';
import type { PaymentAttempt, PaymentHistoryEntry, PaymentRecord, RefundRecord } from '../../domain/payments/model.js';
import type { AliasKind, ApplyResult, ListQuery, PaymentStore, UnmatchedEvent } from '../../ports/payments.js';
import { isConditionalCheckFailed } from './client.js';
import { GSI2, Keys } from './keys.js';

const MAX_OPTIMISTIC_RETRIES = 8;

/**
 * Payment requests in the single table. The record's `version` guards every status change
 * (read → pure transition → conditional write), history items are conditional puts keyed by
 * event id, and money-moving counters use condition expressions, never read-modify-write.
 */
export class DynamoPaymentStore implements PaymentStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async reserve(record: PaymentRecord) {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...Keys.payment(record.paymentId),
            ...Keys.paymentsByCustomer(record.waId, record.createdAt, record.paymentId),
            ...Keys.paymentsByMonth(record.createdAt, record.paymentId),
            ...record,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true as const };
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
      const existing = await this.get(record.paymentId);
      if (!existing) throw new Error(`payment ${record.paymentId} reserved but unreadable`);
      return { created: false as const, existing };
    }
  }

  async get(paymentId: string): Promise<PaymentRecord | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: Keys.payment(paymentId), ConsistentRead: true }));
    return out.Item ? strip(out.Item as PaymentRecord) : undefined;
  }

  async attachLink(paymentId: string, link: { paymentLinkId: string; shortUrl?: string; at: string }): Promise<PaymentRecord> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: Keys.payment(paymentId),
          UpdateExpression: 'SET paymentLinkId = :id, shortUrl = :url, #status = :created, updatedAt = :at, version = version + :one',
          ConditionExpression: '#status = :creating',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':id': link.paymentLinkId, ':url': link.shortUrl ?? '', ':created': 'created', ':creating': 'creating', ':at': link.at, ':one': 1 },
        }),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
    await this.putAlias('PLINK', link.paymentLinkId, paymentId);
    const record = await this.get(paymentId);
    if (!record) throw new Error(`payment ${paymentId} vanished`);
    return record;
  }

  async annotate(paymentId: string, attrs: Partial<Pick<PaymentRecord, 'linkMessageKey' | 'executionName' | 'orderMessageId'>>) {
    const entries = Object.entries(attrs).filter(([, v]) => v !== undefined);
    if (!entries.length) return;
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: Keys.payment(paymentId),
        UpdateExpression: `SET ${entries.map(([k]) => `#${k} = :${k}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: Object.fromEntries(entries.map(([k]) => [`#${k}`, k])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([k, v]) => [`:${k}`, v])),
      }),
    );
  }

  async applyObservation(paymentId: string, obs: LinkObservation, entry: Omit<PaymentHistoryEntry, 'applied'>): Promise<ApplyResult> {
    for (let attempt = 0; attempt < MAX_OPTIMISTIC_RETRIES; attempt++) {
      const before = await this.get(paymentId);
      if (!before) throw new Error(`no payment ${paymentId}`);
      const t = applyPure({ status: before.status, amountPaidMinor: before.amountPaidMinor }, obs);
      if (!t.changed) {
        await this.addHistory(paymentId, { ...entry, applied: false, ...(t.conflict ? { kind: `${entry.kind}:conflict` } : {}) });
        return { before, after: before, changed: false, conflict: t.conflict };
      }
      try {
        await this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: Keys.payment(paymentId),
            UpdateExpression: 'SET #status = :status, amountPaidMinor = :paid, updatedAt = :at, version = :next',
            ConditionExpression: 'version = :version',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':status': t.next.status,
              ':paid': t.next.amountPaidMinor,
              ':at': entry.occurredAt,
              ':version': before.version,
              ':next': before.version + 1,
            },
          }),
        );
      } catch (err) {
        if (isConditionalCheckFailed(err)) continue; // someone else wrote first: re-read and re-apply
        throw err;
      }
      await this.addHistory(paymentId, { ...entry, applied: true });
      const after = { ...before, ...t.next, version: before.version + 1 };
      return { before, after, changed: true, conflict: t.conflict };
    }
    throw new Error(`payment ${paymentId}: too much concurrent contention`);
  }

  async addHistory(paymentId: string, entry: PaymentHistoryEntry): Promise<boolean> {
    return this.putIfAbsent({ ...Keys.paymentHistory(paymentId, entry.occurredAt, entry.eventId), ...entry });
  }

  async history(paymentId: string): Promise<PaymentHistoryEntry[]> {
    return (await this.queryPrefix(paymentId, 'HIST#')).map((i) => strip(i) as unknown as PaymentHistoryEntry);
  }

  async putAlias(kind: AliasKind, providerId: string, paymentId: string) {
    await this.putIfAbsent({ ...Keys.paymentAlias(kind, providerId), paymentId });
  }

  async resolveAlias(kind: AliasKind, providerId: string) {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: Keys.paymentAlias(kind, providerId), ConsistentRead: true }));
    return out.Item?.paymentId as string | undefined;
  }

  async upsertAttempt(
    paymentId: string,
    a: { razorpayPaymentId: string; status: string; amountMinor?: number; refundedMinor?: number; method?: string; at: string },
  ): Promise<PaymentAttempt> {
    const key = Keys.paymentAttempt(paymentId, a.razorpayPaymentId);
    // Create once with zero counters, then move each field forward only.
    await this.putIfAbsent({
      ...key,
      razorpayPaymentId: a.razorpayPaymentId,
      status: 'created',
      statusRank: 0,
      amountMinor: 0,
      refundedMinor: 0,
      refundReservedMinor: 0,
      updatedAt: a.at,
    });
    const rank = providerPaymentRank(a.status);
    await this.conditionalUpdate(
      key,
      'SET #status = :s, statusRank = :r, updatedAt = :at',
      'statusRank < :r',
      { ':s': a.status, ':r': rank, ':at': a.at },
      { '#status': 'status' },
    );
    if (a.amountMinor !== undefined) await this.conditionalUpdate(key, 'SET amountMinor = :v', 'amountMinor < :v', { ':v': a.amountMinor });
    if (a.refundedMinor !== undefined) await this.conditionalUpdate(key, 'SET refundedMinor = :v', 'refundedMinor < :v', { ':v': a.refundedMinor });
    if (a.method) await this.conditionalUpdate(key, 'SET #m = :v', 'attribute_not_exists(#m)', { ':v': a.method }, { '#m': 'method' });
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return strip(out.Item as PaymentAttempt);
  }

  async attempts(paymentId: string): Promise<PaymentAttempt[]> {
    return (await this.queryPrefix(paymentId, 'RZPPAY#')).map((i) => strip(i) as unknown as PaymentAttempt);
  }

  async reserveRefundReference(paymentId: string, refund: RefundRecord) {
    if (await this.putIfAbsent({ ...Keys.paymentRefund(paymentId, refund.refundReference), ...refund })) return { created: true, refund };
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: Keys.paymentRefund(paymentId, refund.refundReference), ConsistentRead: true }));
    return { created: false, refund: strip(out.Item as RefundRecord) };
  }

  async takeRefundReference(paymentId: string, refundReference: string, now: string, inFlightUntil: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: Keys.paymentRefund(paymentId, refundReference),
          UpdateExpression: 'SET inFlightUntil = :until, updatedAt = :now',
          ConditionExpression: '#status = :requested AND (attribute_not_exists(inFlightUntil) OR inFlightUntil <= :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':until': inFlightUntil, ':now': now, ':requested': 'requested' },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }

  async holdRefundable(paymentId: string, razorpayPaymentId: string, amountMinor: number): Promise<boolean> {
    // Conditions cannot subtract, so the hold is a read + write conditioned on the value read:
    // two concurrent refunds cannot both take the same balance.
    return this.holdByVersion(Keys.paymentAttempt(paymentId, razorpayPaymentId), amountMinor);
  }

  async releaseRefundable(paymentId: string, razorpayPaymentId: string, amountMinor: number) {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: Keys.paymentAttempt(paymentId, razorpayPaymentId),
        UpdateExpression: 'SET refundReservedMinor = refundReservedMinor - :a',
        ExpressionAttributeValues: { ':a': amountMinor },
      }),
    );
  }

  async updateRefund(paymentId: string, refundReference: string, attrs: Partial<RefundRecord>) {
    const entries = Object.entries(attrs).filter(([, v]) => v !== undefined);
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: Keys.paymentRefund(paymentId, refundReference),
        UpdateExpression: `SET ${entries.map(([k]) => `#${k} = :${k}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(entries.map(([k]) => [`#${k}`, k])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([k, v]) => [`:${k}`, v])),
      }),
    );
  }

  async refunds(paymentId: string): Promise<RefundRecord[]> {
    return (await this.queryPrefix(paymentId, 'REFUND#')).map((i) => strip(i) as unknown as RefundRecord);
  }

  async recordRefundSettled(paymentId: string, refundId: string, razorpayPaymentId: string, amountMinor: number, at: string) {
    // One marker per provider refund id makes the counter increments exactly-once.
    const marker = { pk: Keys.payment(paymentId).pk, sk: `REFUNDED#${refundId}` };
    if (!(await this.putIfAbsent({ ...marker, refundId, razorpayPaymentId, amountMinor, at }))) return false;
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: Keys.payment(paymentId),
        UpdateExpression: 'SET refundedMinor = refundedMinor + :a, updatedAt = :at',
        ExpressionAttributeValues: { ':a': amountMinor, ':at': at },
      }),
    );
    return true;
  }

  async keepUnmatched(e: UnmatchedEvent) {
    await this.putIfAbsent({
      ...Keys.paymentUnmatched(e.kind, e.providerId, e.eventId),
      gsi1pk: Keys.paymentUnmatchedDay(e.receivedAt),
      gsi1sk: `${e.receivedAt}#${e.eventId}`,
      ...e,
    });
  }

  async takeUnmatched(kind: 'PLINK' | 'RZPPAY', providerId: string): Promise<UnmatchedEvent[]> {
    // Stryker disable next-line StringLiteral: only the partition key is used; the event id part is the sort key
    const { pk } = Keys.paymentUnmatched(kind, providerId, '');
    const out = await this.db.send(
      new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true }),
    );
    const taken: UnmatchedEvent[] = [];
    // Stryker disable next-line ArrayDeclaration: Query always answers Items (empty when nothing matches); `?? []` only satisfies the type
    for (const item of out.Items ?? []) {
      try {
        await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: item.pk, sk: item.sk }, ConditionExpression: 'attribute_exists(pk)' }));
        taken.push(item as UnmatchedEvent);
      } catch (err) {
        if (!isConditionalCheckFailed(err)) throw err;
      }
    }
    return taken;
  }

  async claimOutcome(paymentId: string, outcome: 'paid' | 'expired' | 'cancelled') {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: Keys.payment(paymentId),
          UpdateExpression: 'SET outcome = :o, outcomePublished = :f',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(outcome)',
          ExpressionAttributeValues: { ':o': outcome, ':f': false },
        }),
      );
      return 'won' as const;
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
      const record = await this.get(paymentId);
      return record?.outcome === outcome && !record.outcomePublished ? ('republish' as const) : ('taken' as const);
    }
  }

  async markOutcomePublished(paymentId: string) {
    await this.db.send(
      new UpdateCommand({ TableName: this.tableName, Key: Keys.payment(paymentId), UpdateExpression: 'SET outcomePublished = :t', ExpressionAttributeValues: { ':t': true } }),
    );
  }

  async list(q: ListQuery) {
    const names: Record<string, string> = { '#pk': GSI2.pk };
    const values: Record<string, unknown> = { ':pk': Keys.customerPaymentsPartition(q.waId) };
    let condition = '#pk = :pk';
    // Stryker disable next-line ConditionalExpression: without bounds the range '0000'…'9999~' holds every ISO time: the same items
    if (q.from || q.to) {
      condition += ' AND #sk BETWEEN :from AND :to';
      names['#sk'] = GSI2.sk;
      // Stryker disable next-line StringLiteral: an open bound is any string below (or, with '~', above) every ISO time
      values[':from'] = q.from ?? '0000';
      // Stryker disable next-line StringLiteral: an open bound is any string below (or, with '~', above) every ISO time
      values[':to'] = `${q.to ?? '9999'}~`; // '~' sorts after '#', so `to` is inclusive of that instant
    }
    let filter: string | undefined;
    if (q.status) {
      filter = '#status = :status';
      names['#status'] = 'status';
      values[':status'] = q.status;
    }
    const items: PaymentRecord[] = [];
    let startKey = q.cursor ? (JSON.parse(Buffer.from(q.cursor, 'base64url').toString('utf8')) as Record<string, unknown>) : undefined;
    // A filter can leave a page short: keep reading until the page is full or the index ends.
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: GSI2.name,
          KeyConditionExpression: condition,
          FilterExpression: filter,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ExclusiveStartKey: startKey,
          Limit: q.limit - items.length,
          ScanIndexForward: false,
        }),
      );
      // Stryker disable next-line ArrayDeclaration: Query always answers Items (empty when nothing matches); `?? []` only satisfies the type
      items.push(...(out.Items ?? []).map((i) => strip(i as PaymentRecord)));
      startKey = out.LastEvaluatedKey;
    } while (startKey && items.length < q.limit);
    return { items, nextCursor: startKey ? Buffer.from(JSON.stringify(startKey)).toString('base64url') : undefined };
  }

  async recordMetaStatus(detail: Record<string, unknown> & { eventId: string; receivedAt: string }) {
    return this.putIfAbsent({ ...Keys.paymentMetaStatus(detail.receivedAt, detail.eventId), ...detail });
  }

  private async holdByVersion(key: { pk: string; sk: string }, amountMinor: number): Promise<boolean> {
    for (let i = 0; i < MAX_OPTIMISTIC_RETRIES; i++) {
      const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
      const a = out.Item as (PaymentAttempt & { statusRank: number }) | undefined;
      if (!a || !['captured', 'refunded'].includes(a.status)) return false;
      // Refunds made elsewhere (dashboard) show up in refundedMinor, ours first in the hold.
      if (a.amountMinor - Math.max(a.refundReservedMinor, a.refundedMinor) < amountMinor) return false;
      const ok = await this.conditionalUpdate(key, 'SET refundReservedMinor = :next', 'refundReservedMinor = :prev', {
        ':next': a.refundReservedMinor + amountMinor,
        ':prev': a.refundReservedMinor,
      });
      if (ok) return true;
    }
    return false;
  }

  private async conditionalUpdate(
    key: { pk: string; sk: string },
    update: string,
    condition: string,
    values: Record<string, unknown>,
    names?: Record<string, string>,
  ): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
          ExpressionAttributeNames: names,
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }

  private async queryPrefix(paymentId: string, prefix: string): Promise<Record<string, unknown>[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': Keys.payment(paymentId).pk, ':p': prefix },
        ConsistentRead: true,
      }),
    );
    // Stryker disable next-line ArrayDeclaration: Query always answers Items (empty when nothing matches); `?? []` only satisfies the type
    return out.Items ?? [];
  }

  private async putIfAbsent(item: Record<string, unknown>): Promise<boolean> {
    try {
      await this.db.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }
}

/** Drops key attributes from items handed to callers. */
function strip<T>(item: T): T {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, statusRank: _r, ...rest } = item as Record<string, unknown>;
  return rest as T;
}
