import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { InvalidListCursorError } from '../../ports/errors.js';
import type { MessageListing, MessageListQuery, StoredMessage } from '../../ports/message-store.js';
import { GSI1, Keys } from './keys.js';
import { positionCursor, readNewestFirst } from './newest-first.js';

export class InvalidMessageCursorError extends InvalidListCursorError {
  override readonly name = 'InvalidMessageCursorError';
}

export const MAX_READS_PER_CALL = 40;
const FILTERED_READ = 500;

/** The cursor names its partition `day`. */
const cursor = positionCursor('day', /^\d{4}-\d{2}-\d{2}$/, () => new InvalidMessageCursorError('cursor: not a cursor this action returned'));

const previousDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

function filterOf(q: MessageListQuery) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const parts: string[] = [];
  const eq = (attr: string, value: unknown) => {
    names[`#${attr}`] = attr;
    values[`:${attr}`] = value;
    parts.push(`#${attr} = :${attr}`);
  };
  if (q.status) eq('status', q.status);
  if (q.template) eq('templateName', q.template);
  if (q.waId) eq('waId', q.waId);
  if (q.direction === 'inbound') eq('direction', 'inbound');
  // A status seen before the send is `unknown`: statuses are only ever about our messages.
  if (q.direction === 'outbound') {
    names['#direction'] = 'direction';
    values[':inbound'] = 'inbound';
    parts.push('#direction <> :inbound');
  }
  if (q.errorCode === 'unknown') {
    names['#errorCodes'] = 'errorCodes';
    names['#failStatus'] = 'status';
    values[':failed'] = 'failed';
    parts.push('#failStatus = :failed AND attribute_not_exists(#errorCodes)');
  } else if (q.errorCode) {
    names['#errorCodes'] = 'errorCodes';
    values[':errorCode'] = Number(q.errorCode);
    parts.push('contains(#errorCodes, :errorCode)');
  }
  return { names, values, expression: parts.length ? parts.join(' AND ') : undefined };
}

/**
 * Messages of one phone number over a time range, newest first, filtered, one page at a time: the
 * analytics view's click-through. Reads the per-phone-per-day partitions of GSI1 (the index the
 * analytics rollups read), one day after the other from the newest: Query, never Scan. Filters run
 * in DynamoDB (FilterExpression), so a page can take several reads; a call stops after
 * MAX_READS_PER_CALL reads and hands back a cursor, so one sparse filter over a long range never
 * makes one slow call.
 */
export class DynamoMessageListing implements MessageListing {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(q: MessageListQuery): Promise<{ items: StoredMessage[]; nextCursor: string | null }> {
    const filter = filterOf(q);
    const { items, next } = await readNewestFirst(this.db, {
      index: GSI1,
      start: q.cursor ? cursor.decode(q.cursor) : { part: q.to.slice(0, 10) },
      oldest: q.from.slice(0, 10),
      older: previousDay,
      // gsi1sk = `<createdAt>#<messageKey>`: the time bounds are a key condition ('~' sorts after '#').
      query: (day) => ({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :lo AND :hi',
        FilterExpression: filter.expression,
        ExpressionAttributeNames: { '#pk': GSI1.pk, '#sk': GSI1.sk, ...filter.names },
        ExpressionAttributeValues: { ':pk': Keys.phoneDayPartition(q.phoneNumberId, day), ':lo': q.from, ':hi': `${q.to}~`, ...filter.values },
        ScanIndexForward: false,
      }),
      limit: q.limit,
      filteredRead: FILTERED_READ,
      maxReads: MAX_READS_PER_CALL,
    });
    return { items: items as StoredMessage[], nextCursor: next ? cursor.encode(next) : null };
  }
}
