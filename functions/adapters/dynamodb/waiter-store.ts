import { createHash } from 'node:crypto';
import { DeleteCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from './client.js';
import { Keys, TTL_ATTRIBUTE } from './keys.js';
import type { Waiter, WaiterStore } from '../../ports/waiters.js';

/** Task tokens of executions waiting for something about a subject (a template, a payment link…). */
export class DynamoWaiterStore implements WaiterStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async register(w: Waiter, ttlSeconds: number): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...Keys.waiter(w.kind, w.subjectId, tokenDigest(w.taskToken)),
          ...w,
          [TTL_ATTRIBUTE]: Math.floor(Date.now() / 1000) + ttlSeconds,
        },
      }),
    );
  }

  /** Puts back a waiter that was taken but could not be resumed, with its original expiry, so a retry finds it. */
  async restore(w: Waiter): Promise<void> {
    const expiresAt = (w as Waiter & Record<string, unknown>)[TTL_ATTRIBUTE];
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...w,
          ...Keys.waiter(w.kind, w.subjectId, tokenDigest(w.taskToken)),
          [TTL_ATTRIBUTE]: typeof expiresAt === 'number' ? expiresAt : Math.floor(Date.now() / 1000) + 86_400,
        },
      }),
    );
  }

  async list(kind: string, subjectId: string): Promise<Waiter[]> {
    const { pk } = Keys.waiter(kind, subjectId, '');
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []) as Waiter[];
  }

  /** Removes the waiter; true only for the one caller that removed it (so only it resumes the token). */
  async take(w: Waiter): Promise<boolean> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: Keys.waiter(w.kind, w.subjectId, tokenDigest(w.taskToken)),
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }
}

const tokenDigest = (token: string): string => createHash('sha256').update(token).digest('hex').slice(0, 32);
