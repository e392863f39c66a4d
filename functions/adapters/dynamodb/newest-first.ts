import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

/** Where a listing stopped: the partition, and the key the next read starts after. */
export interface ListingPosition {
  part: string;
  key?: Item;
}

export interface NewestFirstWalk {
  start: ListingPosition;
  /** The oldest partition to read; partitions compare as strings, newest greatest. */
  oldest: string;
  /** The partition before this one; one below `oldest` ends the walk. */
  older: (part: string) => string;
  /** The Query of one partition, newest first, without its Limit and start key. */
  query: (part: string) => Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>;
  /** An item's base and index keys: where a read starting after it begins. */
  keyOf: (item: Item) => Item;
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
  const items: Item[] = [];
  let { part, key } = walk.start;
  for (let reads = 0; part >= walk.oldest; reads++) {
    if (reads >= walk.maxReads) return { items, next: { part, key } };
    const input = walk.query(part);
    const limit = input.FilterExpression ? walk.filteredRead : walk.limit - items.length;
    const out = await db.send(new QueryCommand({ ...input, Limit: limit, ExclusiveStartKey: key }));
    const page = out.Items ?? [];
    const room = walk.limit - items.length;
    if (page.length > room) {
      const kept = page.slice(0, room);
      items.push(...kept);
      return { items, next: { part, key: walk.keyOf(kept[kept.length - 1]!) } };
    }
    items.push(...page);
    key = out.LastEvaluatedKey;
    if (!key) part = walk.older(part);
    if (items.length >= walk.limit) return { items, next: part >= walk.oldest ? { part, key } : undefined };
  }
  return { items };
}
