import { describe, expect, it } from 'vitest';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDedupeStore } from '../../../functions/adapters/dynamodb/dedupe-store.js';

/**
 * A claim whose write lands but whose response is lost (DynamoDB 5xx / timeout after the write):
 * the SDK retries the conditional put, which then fails on our own item. Found by the reliability
 * fault test (test/reliability/hardening/faults.test.ts): the claim read as "duplicate", the event
 * was never published and the webhook was acknowledged — a lost message.
 */
function tableWhereEveryPutsResponseIsLost() {
  const items = new Map<string, Record<string, unknown>>();
  const key = (k: Record<string, unknown>) => `${k.pk}|${k.sk}`;
  const db = {
    send: async (cmd: { constructor: { name: string }; input: Record<string, any> }) => {
      const name = cmd.constructor.name;
      if (name === 'PutCommand') {
        const k = key(cmd.input.Item);
        if (!items.has(k)) items.set(k, cmd.input.Item); // the first attempt lands…
        // …its response is lost, and the SDK's retry fails the condition on that very item.
        throw Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
      }
      if (name === 'GetCommand') return { Item: items.get(key(cmd.input.Key)) };
      throw new Error(`unexpected ${name}`);
    },
  };
  return db as unknown as DynamoDBDocumentClient;
}

describe('DynamoDedupeStore.claim with a lost write response', () => {
  it('is still our claim; a real second claim finds it in flight', async () => {
    const store = new DynamoDedupeStore(tableWhereEveryPutsResponseIsLost(), 'table');
    expect(await store.claim('evt-lost-response')).toBe('claimed');
    expect(await store.claim('evt-lost-response')).toBe('in-flight');
  });
});
