import { describe, expect, it } from 'vitest';
import type { Waiter, WaiterStore } from '../../../functions/ports/waiters.js';
import { takeEarlierWaiters } from '../../../functions/waits/waiters.js';

/** An in-memory WaiterStore: enough to see which rows a call takes. */
function memoryStore(rows: Waiter[]): WaiterStore & { rows: Waiter[] } {
  return {
    rows,
    register: async (w) => void rows.push(w),
    restore: async (w) => void rows.push(w),
    list: async (kind, subjectId) => rows.filter((w) => w.kind === kind && w.subjectId === subjectId),
    take: async (w) => {
      const i = rows.indexOf(w);
      if (i < 0) return false;
      rows.splice(i, 1);
      return true;
    },
  };
}

const waiter = (executionId: string | undefined, subjectId = 'plink_1', taskToken = `t-${executionId}-${subjectId}`): Waiter => ({
  kind: 'payment',
  subjectId,
  taskToken,
  executionId,
  createdAt: '2026-03-01T10:00:00Z',
});
const tokens = { succeed: async () => 'resumed' as const, fail: async () => 'resumed' as const };

describe('takeEarlierWaiters', () => {
  it("takes only the execution's own earlier tokens on that subject", async () => {
    const mine = waiter('exec-a');
    const alsoMine = waiter('exec-a', 'plink_1', 'second');
    const others = [waiter('exec-b'), waiter(undefined), waiter('exec-a', 'plink_2')];
    const waiters = memoryStore([mine, ...others, alsoMine]);
    await takeEarlierWaiters('payment', 'plink_1', 'exec-a', { waiters, tokens });
    expect(waiters.rows).toEqual(others);
  });

  it('takes nothing for a caller that does not say which execution it is', async () => {
    const rows = [waiter('exec-a'), waiter(undefined)];
    const waiters = memoryStore([...rows]);
    await takeEarlierWaiters('payment', 'plink_1', undefined, { waiters, tokens });
    expect(waiters.rows).toEqual(rows);
  });
});
