import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoWaiterStore } from '../../../functions/adapters/dynamodb/waiter-store.js';
import { logger } from '../../../functions/observability/logger.js';
import type { TaskTokenClient } from '../../../functions/ports/task-tokens.js';
import { registerWaiter, resumeWaiters } from '../../../functions/waits/waiters.js';
import { testTable } from '../../support/test-table.js';

/**
 * A parked token whose execution already ended (timed out, stopped) cannot be resumed: the operator
 * sees one INFO line naming the wait and its execution, and nothing for the tokens that resumed.
 */
const table = testTable();
let waiters: DynamoWaiterStore;
const endedExecutions = new Set(['tok-ended']);
const tokens: TaskTokenClient = {
  succeed: async (token) => (endedExecutions.has(token) ? 'gone' : 'resumed'),
  fail: async () => 'resumed',
};

beforeAll(() => {
  waiters = new DynamoWaiterStore(table.db, table.tableName);
});
afterEach(() => vi.restoreAllMocks());

describe('a waiter whose execution already ended', () => {
  it('is logged once, with its kind, subject and execution; a resumed one is not', async () => {
    // Arrange
    const park = (taskToken: string) =>
      registerWaiter({ kind: 'payment', subjectId: 'plink_gone', taskToken, executionId: `exec-${taskToken}`, ttlSeconds: 600 }, async () => undefined, { waiters, tokens });
    await park('tok-ended');
    await park('tok-live');
    const info = vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    // Act
    const resumed = await resumeWaiters('payment', 'plink_gone', { status: 'paid' }, { waiters, tokens });
    // Assert
    expect(resumed).toBe(1);
    expect(info.mock.calls).toEqual([['waiter already gone', { kind: 'payment', subjectId: 'plink_gone', executionId: 'exec-tok-ended' }]]);
  });
});
