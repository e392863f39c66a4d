import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoWaiterStore } from '../../../functions/adapters/dynamodb/waiter-store.js';
import type { TaskTokenClient } from '../../../functions/ports/task-tokens.js';
import { registerWaiter, resumeWaiters } from '../../../functions/waits/waiters.js';
import { testTable } from '../../support/test-table.js';

// Finding 1 (issue 15): the waiter row was deleted before the resume call, so a failed resume
// (AccessDenied, throttling) lost the wake-up until the wait's own timeout.
const table = testTable();
let waiters: DynamoWaiterStore;

beforeAll(() => {
  waiters = new DynamoWaiterStore(table.db, table.tableName);
});

const denied = Object.assign(new Error('User: … is not authorized to perform: states:SendTaskSuccess'), { name: 'AccessDeniedException' });
const failingOnce = (): TaskTokenClient & { resumed: string[] } => {
  let calls = 0;
  const resumed: string[] = [];
  return {
    resumed,
    succeed: async (token) => {
      if (calls++ === 0) throw denied;
      resumed.push(token);
      return 'resumed';
    },
    fail: async () => 'resumed',
  };
};

describe('a resume that fails keeps the waiter for the retry', () => {
  it('resumeWaiters: the failed resume propagates, the row stays, and the retry resumes the token once', async () => {
    // Arrange
    const tokens = failingOnce();
    await registerWaiter({ kind: 'payment', subjectId: 'plink_a', taskToken: 'tok-a', ttlSeconds: 600 }, async () => undefined, { waiters, tokens });
    // Act
    await expect(resumeWaiters('payment', 'plink_a', { status: 'paid' }, { waiters, tokens })).rejects.toThrow(/not authorized/);
    const afterFailure = await waiters.list('payment', 'plink_a');
    const resumedOnRetry = await resumeWaiters('payment', 'plink_a', { status: 'paid' }, { waiters, tokens });
    // Assert
    expect(afterFailure.map((w) => w.taskToken)).toEqual(['tok-a']);
    expect(resumedOnRetry).toBe(1);
    expect(tokens.resumed).toEqual(['tok-a']);
    expect(await waiters.list('payment', 'plink_a')).toEqual([]);
  });

  it('restores the row with its original expiry', async () => {
    // Arrange
    const tokens = failingOnce();
    await registerWaiter({ kind: 'payment', subjectId: 'plink_b', taskToken: 'tok-b', ttlSeconds: 600 }, async () => undefined, { waiters, tokens });
    const [before] = (await waiters.list('payment', 'plink_b')) as unknown as Record<string, unknown>[];
    // Act
    await expect(resumeWaiters('payment', 'plink_b', 'done', { waiters, tokens })).rejects.toThrow();
    const [after] = (await waiters.list('payment', 'plink_b')) as unknown as Record<string, unknown>[];
    // Assert
    expect(after).toEqual(before);
  });

  it('registerWaiter: an outcome already recorded but not resumable leaves the row for the next resumer', async () => {
    // Arrange
    const tokens = failingOnce();
    // Act
    await expect(
      registerWaiter({ kind: 'template', subjectId: 'tpl_c', taskToken: 'tok-c', ttlSeconds: 600 }, async () => ({ status: 'APPROVED' }), { waiters, tokens }),
    ).rejects.toThrow();
    // Assert
    expect((await waiters.list('template', 'tpl_c')).map((w) => w.taskToken)).toEqual(['tok-c']);
  });
});
