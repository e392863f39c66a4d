import { createHash, randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ClaimResult, DedupeStore, RejectedPayloadStore } from '../../ports/index.js';
import { isConditionalCheckFailed } from './client.js';
import { Keys, TTL_ATTRIBUTE } from './keys.js';

const COMPLETED_TTL_SECONDS = 7 * 24 * 3600; // longer than SNS and Razorpay (24 h) retry windows
/** Longer than an ingest attempt can take; after it, a crashed attempt's claim can be taken over. */
export const DEFAULT_IN_FLIGHT_SECONDS = 60;

/**
 * Same claim/complete semantics as Powertools idempotency (in-progress records expire so a
 * crashed attempt can be retried), but batch-friendly: one claim per event, one PutEvents per
 * batch of ten, which the per-call Powertools wrapper cannot do.
 */
export class DynamoDedupeStore implements DedupeStore, RejectedPayloadStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
    private readonly defaultInFlightSeconds = DEFAULT_IN_FLIGHT_SECONDS,
  ) {}

  async claim(id: string, inFlightSeconds = this.defaultInFlightSeconds): Promise<ClaimResult> {
    const nowSec = Math.floor(this.now() / 1000);
    // Names this attempt: when the write lands but its response is lost (a 5xx, a timeout), the
    // SDK's retry fails the condition on our own item — that is still our claim, not a duplicate.
    const owner = randomUUID();
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...Keys.dedupe(id), state: 'IN_PROGRESS', owner, inFlightUntil: nowSec + inFlightSeconds, [TTL_ATTRIBUTE]: nowSec + COMPLETED_TTL_SECONDS },
          ConditionExpression: 'attribute_not_exists(pk) OR (#state = :inProgress AND inFlightUntil < :now)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':inProgress': 'IN_PROGRESS', ':now': nowSec },
        }),
      );
      return 'claimed';
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
      const current = await this.db.send(new GetCommand({ TableName: this.tableName, Key: Keys.dedupe(id), ConsistentRead: true }));
      if (current.Item?.state === 'COMPLETED') return 'done';
      // Not completed (above) and ours: the write of this very attempt landed.
      if (current.Item?.owner === owner) return 'claimed';
      // Held by another attempt (or released just now): not done, so the caller asks for a retry.
      return 'in-flight';
    }
  }

  async complete(id: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: Keys.dedupe(id),
        UpdateExpression: 'SET #state = :done REMOVE inFlightUntil',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':done': 'COMPLETED' },
      }),
    );
  }

  async release(id: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: Keys.dedupe(id) }));
  }

  async keepRejected(input: { source: string; reason: string; raw: string; receivedAt: string }): Promise<void> {
    const digest = createHash('sha256').update(input.raw).digest('hex').slice(0, 16);
    const raw = input.raw.length > 100_000 ? `${input.raw.slice(0, 100_000)}…(truncated)` : input.raw;
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...Keys.rejected(input.receivedAt, digest), source: input.source, reason: input.reason, raw, receivedAt: input.receivedAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
  }
}
