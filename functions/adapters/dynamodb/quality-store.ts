import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { QualityEntry, QualitySubject } from '../../domain/quality/model.js';
import type { CurrentPatch, HistoryQuery, QualityStore } from '../../ports/quality.js';
import { InvalidCursorError } from '../../ports/errors.js';
import { isConditionalCheckFailed, queryAll } from './client.js';
import { Keys } from './keys.js';

const subjectKey = (s: QualitySubject) => (s.type === 'phone' ? 'PHONE' : 'TEMPLATE') as 'PHONE' | 'TEMPLATE';
const HIGH = '\uffff';

/** Opaque cursor = base64url of the last evaluated key; only keys of this subject's partition are accepted. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}
export function decodeCursor(cursor: string | undefined, expectedPk: string): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const k = key as { pk?: unknown; sk?: unknown };
  if (!k || k.pk !== expectedPk || typeof k.sk !== 'string') throw new InvalidCursorError();
  return { pk: k.pk, sk: k.sk };
}

const STRIP = new Set(['pk', 'sk', 'subjectType', 'subjectId', 'sameSecondCount', 'announced']);
function toEntry(item: Record<string, unknown>): QualityEntry {
  const rest = Object.fromEntries(Object.entries(item).filter(([k]) => !STRIP.has(k)));
  return { ...(rest as unknown as QualityEntry), subject: { type: item.subjectType as QualitySubject['type'], id: String(item.subjectId) } };
}
function toItem(entry: QualityEntry): Record<string, unknown> {
  const { subject, ...rest } = entry;
  return { ...rest, subjectType: subject.type, subjectId: subject.id };
}

/** Quality history: entries sorted by occurredAt per subject, and a CURRENT item that only moves forward. */
export class DynamoQualityStore implements QualityStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async previousBefore(subject: QualitySubject, occurredAt: string, eventId: string): Promise<QualityEntry | undefined> {
    const key = Keys.qualityEntry(subjectKey(subject), subject.id, occurredAt, eventId);
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
        ExpressionAttributeValues: { ':pk': key.pk, ':lo': 'AT#', ':hi': key.sk },
        ScanIndexForward: false,
        ConsistentRead: true,
        Limit: 2,
      }),
    );
    // BETWEEN is inclusive: skip this very entry when it was stored already (a redelivery).
    const item = (out.Items ?? []).find((i) => i.sk !== key.sk);
    return item ? toEntry(item) : undefined;
  }

  async putEntry(entry: QualityEntry): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...Keys.qualityEntry(subjectKey(entry.subject), entry.subject.id, entry.occurredAt, entry.eventId), ...toItem(entry) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }

  async entriesAt(subject: QualitySubject, occurredAt: string): Promise<QualityEntry[]> {
    // The key of an empty event id is the prefix every entry of this instant starts with.
    const prefix = Keys.qualityEntry(subjectKey(subject), subject.id, occurredAt, '');
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': prefix.pk, ':prefix': prefix.sk },
      ConsistentRead: true,
    });
    return items.map(toEntry);
  }

  async promoteCurrent(entry: QualityEntry, sameSecondCount: number): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...Keys.qualityCurrent(subjectKey(entry.subject), entry.subject.id), ...toItem(entry), sameSecondCount },
          // Never let an older change replace a newer one. Within a second, the choice made over more of
          // the second's changes wins (they only accumulate), so a slower writer that saw fewer cannot undo it.
          ConditionExpression: 'attribute_not_exists(occurredAt) OR occurredAt < :at OR (occurredAt = :at AND (attribute_not_exists(sameSecondCount) OR sameSecondCount < :n))',
          ExpressionAttributeValues: { ':at': entry.occurredAt, ':n': sameSecondCount },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }

  async getCurrent(subject: QualitySubject): Promise<QualityEntry | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: Keys.qualityCurrent(subjectKey(subject), subject.id), ConsistentRead: true }));
    return out.Item ? toEntry(out.Item) : undefined;
  }

  async entriesAfter(subject: QualitySubject, occurredAt: string, eventId: string): Promise<QualityEntry[]> {
    const key = Keys.qualityEntry(subjectKey(subject), subject.id, occurredAt, eventId);
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
      ExpressionAttributeValues: { ':pk': key.pk, ':lo': key.sk, ':hi': `AT#${HIGH}` },
      ConsistentRead: true,
    });
    // BETWEEN is inclusive: not the entry itself.
    return items.filter((i) => i.sk !== key.sk).map(toEntry);
  }

  async patchEntry(seen: QualityEntry, patch: CurrentPatch, where: 'history' | 'current'): Promise<boolean> {
    const names: Record<string, string> = { '#eventId': 'eventId', '#ratingFrom': 'ratingFrom', '#limitFrom': 'limitFrom' };
    const values: Record<string, unknown> = { ':eventId': seen.eventId };
    const sets: string[] = [];
    const removes: string[] = [];
    for (const [field, value] of Object.entries(patch)) {
      names[`#${field}`] = field;
      if (value === undefined) removes.push(`#${field}`);
      else {
        values[`:${field}`] = value;
        sets.push(`#${field} = :${field}`);
      }
    }
    const same = (field: 'ratingFrom' | 'limitFrom') => {
      if (seen[field] === undefined) return `attribute_not_exists(#${field})`;
      values[`:seen_${field}`] = seen[field];
      return `#${field} = :seen_${field}`;
    };
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key:
            where === 'current'
              ? Keys.qualityCurrent(subjectKey(seen.subject), seen.subject.id)
              : Keys.qualityEntry(subjectKey(seen.subject), seen.subject.id, seen.occurredAt, seen.eventId),
          UpdateExpression: [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''].join(' ').trim(),
          ConditionExpression: `#eventId = :eventId AND ${same('ratingFrom')} AND ${same('limitFrom')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }

  async claimAnnouncement(entry: QualityEntry): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: Keys.qualityEntry(subjectKey(entry.subject), entry.subject.id, entry.occurredAt, entry.eventId),
          UpdateExpression: 'SET announced = :t',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(announced)',
          ExpressionAttributeValues: { ':t': true },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }

  async listHistory(q: HistoryQuery): Promise<{ entries: QualityEntry[]; nextCursor?: string }> {
    const pk = Keys.qualityPartition(subjectKey(q.subject), q.subject.id);
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
        ExpressionAttributeValues: { ':pk': pk, ':lo': `AT#${q.from ?? ''}`, ':hi': `AT#${q.to ?? ''}${HIGH}` },
        ScanIndexForward: false,
        Limit: q.limit,
        ExclusiveStartKey: decodeCursor(q.cursor, pk),
      }),
    );
    return { entries: (out.Items ?? []).map(toEntry), nextCursor: encodeCursor(out.LastEvaluatedKey) };
  }

  async rememberTemplateName(templateName: string, templateId: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: Keys.qualityTemplateName(templateName),
        UpdateExpression: 'SET templateId = :id, templateName = :n',
        ExpressionAttributeValues: { ':id': templateId, ':n': templateName },
      }),
    );
  }

  async templateIdByName(templateName: string): Promise<string | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: Keys.qualityTemplateName(templateName) }));
    return out.Item?.templateId as string | undefined;
  }
}
