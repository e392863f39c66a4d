import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll } from './client.js';
import type { DayAggregate } from '../../domain/analytics/aggregate.js';
import type { AnalyticsStore, RollupRun } from '../../ports/analytics.js';
import { Keys } from './keys.js';

/** Rollup items (one per phone number per UTC day), the phone-number registry and rollup-run progress. */
export class DynamoAnalyticsStore implements AnalyticsStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getRollups(phoneNumberId: string, fromDay: string, toDay: string): Promise<Map<string, DayAggregate>> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
      ExpressionAttributeValues: { ':pk': Keys.analyticsRollupPartition(phoneNumberId), ':lo': `DAY#${fromDay}`, ':hi': `DAY#${toDay}` },
    });
    return new Map(items.map((item) => [String(item.day), item.aggregate as DayAggregate]));
  }

  async putRollup(phoneNumberId: string, day: string, aggregate: DayAggregate, messageCount: number): Promise<void> {
    // No timestamps in the item: re-running a day writes byte-identical content.
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...Keys.analyticsRollup(phoneNumberId, day), kind: 'rollup', phoneNumberId, day, messageCount, aggregate },
      }),
    );
  }

  async registerPhone(phoneNumberId: string): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...Keys.analyticsPhone(phoneNumberId), phoneNumberId } }));
  }

  async listPhones(): Promise<string[]> {
    const { pk } = Keys.analyticsPhone('x');
    const items = await queryAll(this.db, { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } });
    return items.map((i) => String(i.phoneNumberId));
  }

  async startRun(run: RollupRun): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: Keys.analyticsRun(run.runId),
        UpdateExpression: 'SET runId = :r, #from = :f, #to = :t, phoneNumberIds = :p, #total = :n, startedAt = if_not_exists(startedAt, :s)',
        ExpressionAttributeNames: { '#from': 'from', '#to': 'to', '#total': 'total' },
        ExpressionAttributeValues: { ':r': run.runId, ':f': run.from, ':t': run.to, ':p': run.phoneNumberIds, ':n': run.total, ':s': run.startedAt },
      }),
    );
  }

  async markDone(runId: string, unit: string): Promise<void> {
    // A string set: a retried task adds the same unit again, so progress never over-counts.
    // One set per phone number (unit = `<day>#<phone>`), not one per run: a 400-day run of many
    // numbers would pass the 400 KB item limit, and every update would rewrite the whole set.
    const phoneNumberId = unit.slice(unit.indexOf('#') + 1);
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: Keys.analyticsRunProgress(runId, phoneNumberId),
        UpdateExpression: 'ADD completed :u',
        ExpressionAttributeValues: { ':u': new Set([unit]) },
      }),
    );
  }

  async getRun(runId: string): Promise<(RollupRun & { done: number }) | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: Keys.analyticsRun(runId), ConsistentRead: true }));
    if (!out.Item?.total && out.Item?.total !== 0) return undefined;
    const i = out.Item;
    const doneItems = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :done)',
      ExpressionAttributeValues: { ':pk': Keys.analyticsRun(runId).pk, ':done': 'DONE#' },
      ProjectionExpression: 'completed',
      ConsistentRead: true,
    });
    const done = doneItems.reduce((n, item) => n + ((item.completed as Set<string> | undefined)?.size ?? 0), 0);
    return {
      runId: String(i.runId),
      from: String(i.from),
      to: String(i.to),
      phoneNumberIds: (i.phoneNumberIds as string[]) ?? [],
      total: Number(i.total),
      startedAt: String(i.startedAt),
      done,
    };
  }
}
