import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoWaiterStore } from '../../../functions/adapters/dynamodb/waiter-store.js';
import type { Waiter } from '../../../functions/ports/waiters.js';
import type { TaskTokenClient } from '../../../functions/ports/task-tokens.js';
import { registerWaiter, resumeWaiters } from '../../../functions/waits/waiters.js';
import { TEMPLATE_WAITER_KIND } from '../../../functions/domain/templates/service.js';
import { testTable } from '../../support/test-table.js';

/**
 * Durable waits on a real (dynalite) waiter table: each parked token is resumed exactly once,
 * however many resumers race, and the count says how many executions were resumed.
 */
const table = testTable();
let waiters: DynamoWaiterStore;
/** Step Functions' side: which tokens got SendTaskSuccess, with what; tokens in `gone` are of finished executions. */
let succeeded: { token: string; output: unknown }[];
let gone: Set<string>;
let n = 0;
const tokens: TaskTokenClient = {
  succeed: async (token, output) => {
    succeeded.push({ token, output });
    return gone.has(token) ? 'gone' : 'resumed';
  },
  fail: async () => 'resumed',
};
const deps = () => ({ waiters, tokens });
const park = (subjectId: string, token: string, waitUntil?: number) =>
  registerWaiter({ kind: TEMPLATE_WAITER_KIND, subjectId, taskToken: token, executionId: `exec-${token}`, ttlSeconds: 3600, waitUntil }, async () => undefined, deps());

beforeAll(() => {
  waiters = new DynamoWaiterStore(table.db, table.tableName);
});
beforeEach(() => {
  succeeded = [];
  gone = new Set();
  n++;
});

describe('resumeWaiters', () => {
  it('resumes every execution parked on the subject once, with the output, and says how many', async () => {
    const subject = `tpl-${n}`;
    expect(await park(subject, `a${n}`)).toBe('waiting');
    expect(await park(subject, `b${n}`)).toBe('waiting');
    await park(`other-${n}`, `c${n}`);
    expect(await resumeWaiters(TEMPLATE_WAITER_KIND, subject, { status: 'APPROVED' }, deps())).toBe(2);
    expect(succeeded.sort((x, y) => x.token.localeCompare(y.token))).toEqual([
      { token: `a${n}`, output: { status: 'APPROVED' } },
      { token: `b${n}`, output: { status: 'APPROVED' } },
    ]);
    // the waiters are gone: a second resume (a duplicated webhook) resumes nothing
    expect(await resumeWaiters(TEMPLATE_WAITER_KIND, subject, { status: 'APPROVED' }, deps())).toBe(0);
    expect(succeeded).toHaveLength(2);
  });

  it('two resumers racing (a webhook and the poller) resume each token exactly once', async () => {
    const subject = `tpl-race-${n}`;
    for (const t of ['a', 'b', 'c']) await park(subject, `${t}${n}`);
    const counts = await Promise.all([
      resumeWaiters(TEMPLATE_WAITER_KIND, subject, 'from-webhook', deps()),
      resumeWaiters(TEMPLATE_WAITER_KIND, subject, 'from-poller', deps()),
      resumeWaiters(TEMPLATE_WAITER_KIND, subject, 'from-sync', deps()),
    ]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(3);
    expect(succeeded.map((s) => s.token).sort()).toEqual([`a${n}`, `b${n}`, `c${n}`]);
  });

  it('a token whose execution already ended is not counted as resumed', async () => {
    const subject = `tpl-gone-${n}`;
    await park(subject, `live${n}`);
    await park(subject, `dead${n}`);
    gone.add(`dead${n}`);
    expect(await resumeWaiters(TEMPLATE_WAITER_KIND, subject, 'x', deps())).toBe(1);
    expect(succeeded).toHaveLength(2);
  });

  it('the output can be shaped per waiter (its own time left)', async () => {
    const subject = `plink-${n}`;
    await park(subject, `early${n}`, 1000);
    await park(subject, `late${n}`, 5000);
    await resumeWaiters(TEMPLATE_WAITER_KIND, subject, (w: Waiter) => ({ secondsLeft: w.waitUntil! - 900 }), deps());
    expect(Object.fromEntries(succeeded.map((s) => [s.token, s.output]))).toEqual({ [`early${n}`]: { secondsLeft: 100 }, [`late${n}`]: { secondsLeft: 4100 } });
  });
});

describe('registerWaiter', () => {
  it('an outcome recorded before the wait starts resumes it at once, once, and leaves no waiter behind', async () => {
    const subject = `tpl-early-${n}`;
    const out = await registerWaiter(
      { kind: TEMPLATE_WAITER_KIND, subjectId: subject, taskToken: `t${n}`, ttlSeconds: 60 },
      async (id, w) => ({ decided: id, token: w.taskToken }),
      deps(),
    );
    expect(out).toBe('resumed-at-once');
    expect(succeeded).toEqual([{ token: `t${n}`, output: { decided: subject, token: `t${n}` } }]);
    expect(await waiters.list(TEMPLATE_WAITER_KIND, subject)).toEqual([]);
    expect(await resumeWaiters(TEMPLATE_WAITER_KIND, subject, 'again', deps())).toBe(0);
    expect(succeeded).toHaveLength(1);
  });

  it('when a resumer took the token between the park and the check, the registration does not resume it again', async () => {
    const subject = `tpl-between-${n}`;
    const out = await registerWaiter(
      { kind: TEMPLATE_WAITER_KIND, subjectId: subject, taskToken: `t${n}`, ttlSeconds: 60 },
      // the outcome lands right after the park: its resumer runs before our check
      async () => (await resumeWaiters(TEMPLATE_WAITER_KIND, subject, 'by-resumer', deps()), 'by-register'),
      deps(),
    );
    expect(out).toBe('resumed-at-once');
    expect(succeeded).toEqual([{ token: `t${n}`, output: 'by-resumer' }]);
  });

  it('without an outcome the waiter stays parked, with its execution and clock', async () => {
    const subject = `tpl-wait-${n}`;
    expect(await park(subject, `t${n}`, 1234)).toBe('waiting');
    expect(await waiters.list(TEMPLATE_WAITER_KIND, subject)).toEqual([
      expect.objectContaining({ taskToken: `t${n}`, executionId: `exec-t${n}`, waitUntil: 1234, kind: TEMPLATE_WAITER_KIND, subjectId: subject }),
    ]);
    expect(succeeded).toEqual([]);
  });
});
