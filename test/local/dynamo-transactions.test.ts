import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTable } from '../support/dynalite.js';

/** TransactWriteItems as local/dynamo/transactions.ts serves it in front of dynalite (which has none). */
let table: Awaited<ReturnType<typeof startTestTable>>;
beforeAll(async () => {
  table = await startTestTable();
});
afterAll(async () => table.close());

const get = async (pk: string, sk: string) => (await table.db.send(new GetCommand({ TableName: table.tableName, Key: { pk, sk }, ConsistentRead: true }))).Item;
const cancelReasons = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TransactionCanceledException);
  return (err as TransactionCanceledException).CancellationReasons?.map((r) => ({ code: r.Code, item: r.Item }));
};

describe('TransactWriteItems on the local dynalite', () => {
  it('applies every item when every condition holds', async () => {
    // Act
    await table.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table.tableName, Item: { pk: 'T1', sk: 'A', n: 1 }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Update: { TableName: table.tableName, Key: { pk: 'T1', sk: 'B' }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 2 } } },
        ],
      }),
    );
    // Assess
    expect(await get('T1', 'A')).toMatchObject({ n: 1 });
    expect(await get('T1', 'B')).toMatchObject({ n: 2 });
  });

  it('applies nothing when one condition fails, and says which item failed with its current image', async () => {
    // Prepare: B exists with n = 5; the transaction creates A and moves B only if n < 5
    await table.db.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'T2', sk: 'B', n: 5 } }));
    await table.db.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'T2', sk: 'C', n: 1 } }));
    // Act
    const reasons = await cancelReasons(
      table.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: table.tableName, Item: { pk: 'T2', sk: 'A', n: 1 }, ConditionExpression: 'attribute_not_exists(pk)' } },
            { Update: { TableName: table.tableName, Key: { pk: 'T2', sk: 'C' }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 9 } } },
            {
              Update: {
                TableName: table.tableName,
                Key: { pk: 'T2', sk: 'B' },
                UpdateExpression: 'SET n = :n',
                ConditionExpression: 'n < :n',
                ExpressionAttributeValues: { ':n': 5 },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
          ],
        }),
      ),
    );
    // Assess: the earlier items were rolled back (A absent again, C back to 1)
    expect(reasons).toEqual([
      { code: 'None', item: undefined },
      { code: 'None', item: undefined },
      { code: 'ConditionalCheckFailed', item: { pk: { S: 'T2' }, sk: { S: 'B' }, n: { N: '5' } } },
    ]);
    expect(await get('T2', 'A')).toBeUndefined();
    expect(await get('T2', 'C')).toMatchObject({ n: 1 });
  });

  it('refuses two operations on one item', async () => {
    const put = { TableName: table.tableName, Item: { pk: 'T3', sk: 'A' } };
    await expect(table.db.send(new TransactWriteCommand({ TransactItems: [{ Put: put }, { Put: put }] }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/multiple operations on one item/),
    });
    expect(await get('T3', 'A')).toBeUndefined();
  });

  it('a condition check passes or cancels without writing', async () => {
    await table.db.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'T4', sk: 'A', open: true } }));
    const check = (sk: string) => ({ ConditionCheck: { TableName: table.tableName, Key: { pk: 'T4', sk }, ConditionExpression: 'attribute_exists(pk)' } });
    await table.db.send(new TransactWriteCommand({ TransactItems: [check('A'), { Put: { TableName: table.tableName, Item: { pk: 'T4', sk: 'B' } } }] }));
    expect(await get('T4', 'B')).toBeDefined();
    expect(
      await cancelReasons(table.db.send(new TransactWriteCommand({ TransactItems: [check('Z'), { Put: { TableName: table.tableName, Item: { pk: 'T4', sk: 'C' } } }] }))),
    ).toEqual([
      { code: 'ConditionalCheckFailed', item: undefined },
      { code: 'None', item: undefined },
    ]);
    expect(await get('T4', 'Z')).toBeUndefined();
    expect(await get('T4', 'C')).toBeUndefined();
    expect(await get('T4', 'A')).toEqual({ pk: 'T4', sk: 'A', open: true });
  });

  it('concurrent transactions are isolated: a capped counter and its log never disagree', async () => {
    // Prepare: ten racing transactions each log one entry and take one of five seats
    await table.db.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'T5', sk: 'SEATS', taken: 0 } }));
    const take = (i: number) =>
      table.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: table.tableName, Item: { pk: 'T5', sk: `LOG#${i}` } } },
            {
              Update: {
                TableName: table.tableName,
                Key: { pk: 'T5', sk: 'SEATS' },
                UpdateExpression: 'SET taken = taken + :one',
                ConditionExpression: 'taken < :cap',
                ExpressionAttributeValues: { ':one': 1, ':cap': 5 },
              },
            },
          ],
        }),
      );
    // Act
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => take(i)));
    // Assess
    const logged = await table.db.send(
      new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :l)', ExpressionAttributeValues: { ':pk': 'T5', ':l': 'LOG#' } }),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(logged.Items).toHaveLength(5);
    expect(await get('T5', 'SEATS')).toMatchObject({ taken: 5 });
  });
});
