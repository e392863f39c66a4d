import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

/** Where a listing stopped: the partition, and the key the next read starts after. */
export interface ListingPosition {
  part: string;
  key?: Item;
}

/**
 * A listing's position as its cursor, opaque to the caller: base64url of `{ <field>: part, key }`.
 * A cursor that does not decode, or whose partition does not match `partition`, is answered with
 * `invalid()`.
 */
export function positionCursor(field: string, partition: RegExp, invalid: () => Error): { encode: (at: ListingPosition) => string; decode: (text: string) => ListingPosition } {
  return {
    encode: (at) => Buffer.from(JSON.stringify({ [field]: at.part, key: at.key })).toString('base64url'),
    decode: (text) => {
      try {
        const cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Record<string, unknown>;
        const part = cursor[field];
        if (typeof part === 'string' && partition.test(part)) return { part, key: cursor.key as Item | undefined };
      } catch {
        // not JSON, or not an object: the same answer as a refused one
      }
      throw invalid();
    },
  };
}

export interface NewestFirstWalk {
  /** The index read; an item's base and index keys are where a read starting after it begins. */
  index: { name: string; pk: string; sk: string };
  start: ListingPosition;
  /** The oldest partition to read; partitions compare as strings, newest greatest. */
  oldest: string;
  /** The partition before this one; one below `oldest` ends the walk. */
  older: (part: string) => string;
  /** The Query of one partition, newest first, without its index, Limit and start key. */
  query: (part: string) => Omit<QueryCommandInput, 'IndexName' | 'Limit' | 'ExclusiveStartKey'>;
  limit: number;
  /** How many items a filtered Query reads (DynamoDB filters after reading). */
  filteredRead: number;
  maxReads: number;
}

/**
 * One page of a listing read newest first across time partitions (days, months): Query after
 * Query, partition after partition, never Scan. A filtered read is wide and cut, the position then
 * points at the last item kept; after `maxReads` reads the page ends early with a position, so one
 * sparse filter over a long range never makes one slow call. No `next`: nothing older is left.
 */
export async function readNewestFirst(db: DynamoDBDocumentClient, walk: NewestFirstWalk): Promise<{ items: Item[]; next?: ListingPosition }> {
  const { index } = walk;
  const keyOf = (item: Item): Item => ({ pk: item.pk, sk: item.sk, [index.pk]: item[index.pk], [index.sk]: item[index.sk] });
  const items: Item[] = [];
  let { part, key } = walk.start;
  for (let reads = 0; part >= walk.oldest; reads++) {
    if (reads >= walk.maxReads) return { items, next: { part, key } };
    const input = walk.query(part);
    const limit = input.FilterExpression ? walk.filteredRead : walk.limit - items.length;
    const out = await db.send(new QueryCommand({ ...input, IndexName: index.name, Limit: limit, ExclusiveStartKey: key }));
    const page = out.Items ?? [];
    const room = walk.limit - items.length;
    if (page.length > room) {
      const kept = page.slice(0, room);
      items.push(...kept);
      return { items, next: { part, key: keyOf(kept[kept.length - 1]!) } };
    }
    items.push(...page);
    key = out.LastEvaluatedKey;
    if (!key) part = walk.older(part);
    if (items.length >= walk.limit) return { items, next: part >= walk.oldest ? { part, key } : undefined };
  }
  return { items };
}
