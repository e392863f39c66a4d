import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayOf } from '../../functions/domain/analytics/days.js';
import { MAX_PHONES_PER_RUN, MAX_UNITS_PER_RUN, ROLLUP_PAGE_SIZE } from '../../functions/domain/analytics/plan.js';
import { stateMachineArn } from '../../local/stepfunctions/arns.js';
import type { ExecutionRecord } from '../../local/stepfunctions/records.js';
import { startRuntime, type Runtime } from '../../local/runtime.js';

/**
 * Issue 15 finding 6: a backfill of 10 phone numbers × 400 days (4,000 units, past the ~6 × 400 at
 * which the old inline plan passed 256 KiB and the ~3,500 units at which its Map passed 25,000
 * history events) completes on the local engine, and no execution it makes comes near either limit.
 */
const STATE_LIMIT_BYTES = 256 * 1024;
const HISTORY_LIMIT = 25_000;
/**
 * The local engine logs fewer events than Step Functions (StateEntered/StateExited where AWS logs
 * TaskStateEntered, TaskScheduled, TaskStarted, TaskSucceeded, TaskStateExited, and TaskSubmitted
 * for .sync): at most 3 AWS events per local one, so 3 × the local count bounds AWS's.
 */
const AWS_EVENTS_PER_LOCAL_EVENT = 3;

const bytes = (v: unknown) => (v === undefined ? 0 : Buffer.byteLength(typeof v === 'string' ? v : JSON.stringify(v)));
const largestState = (e: ExecutionRecord) => Math.max(bytes(e.input), bytes(e.output), ...e.history.flatMap((h) => [bytes(h.input), bytes(h.output)]));

let rt: Runtime;
beforeAll(async () => {
  rt = await startRuntime({ memory: true, port: 0, quiet: true, sandboxes: false } as never);
}, 60_000);
afterAll(async () => rt?.stop());

describe('AnalyticsRollup backfill bounds', () => {
  it('10 phone numbers × 400 days: every execution under 256 KiB of state and 25,000 history events', async () => {
    // Prepare
    const phones = Array.from({ length: 10 }, (_, i) => `10654035224${String(i).padStart(4, '0')}`);
    const to = addDays(dayOf(new Date()), -1);
    const from = addDays(to, -399);
    const runId = 'backfill-bounds-10x400';
    const done = new Promise<ExecutionRecord>((resolve) =>
      rt.stepFunctions.onFinished((e) => {
        if (e.name === runId) resolve(e);
      }),
    );

    // Act
    await rt.stepFunctions.startExecution({
      stateMachineArn: stateMachineArn('analytics-rollup'),
      name: runId,
      input: JSON.stringify({ mode: 'range', from, to, phoneNumberIds: phones }),
    });
    const parent = await done;
    await rt.idle();

    // Assess: the run completed every unit
    expect(parent.status, parent.cause).toBe('SUCCEEDED');
    expect(JSON.parse(parent.output!)).toEqual({ runId, from, to, units: 4_000 });
    const children = rt.stepFunctions.list().filter((e) => e.stateMachine === 'analytics-rollup-page');
    expect(children).toHaveLength(Math.ceil(4_000 / ROLLUP_PAGE_SIZE));
    expect(children.every((c) => c.status === 'SUCCEEDED')).toBe(true);
    const status = (await rt.action({ action: 'get_backfill_status', runId })) as { body: { done: number; total: number } };
    expect(status.body).toMatchObject({ done: 4_000, total: 4_000 });

    // Assess: the limits, measured from the execution records
    const measured = [parent, ...children].map((e) => ({ name: `${e.stateMachine}/${e.name}`, stateBytes: largestState(e), history: e.history.length }));
    for (const m of measured) {
      expect(m.stateBytes, m.name).toBeLessThan(STATE_LIMIT_BYTES);
      expect(m.history * AWS_EVENTS_PER_LOCAL_EVENT, m.name).toBeLessThan(HISTORY_LIMIT);
    }
    // Where the old design put 4,000 units into one state and one history:
    expect(Math.max(...measured.map((m) => m.stateBytes))).toBeLessThan(STATE_LIMIT_BYTES / 4);
    console.info(
      `[bounds] ${JSON.stringify({ maxStateBytes: Math.max(...measured.map((m) => m.stateBytes)), maxLocalHistory: Math.max(...measured.map((m) => m.history)), executions: measured.length, maxUnitsPerRun: MAX_UNITS_PER_RUN })}`,
    );
  }, 600_000);

  it('refuses more phone numbers than a run may take before any unit runs, naming the field and the limit', async () => {
    const phones = Array.from({ length: MAX_PHONES_PER_RUN + 1 }, (_, i) => `2065403${String(i).padStart(8, '0')}`);
    const to = addDays(dayOf(new Date()), -1);
    const before = rt.stepFunctions.list().length;
    const reply = await rt.action({ action: 'backfill_analytics', from: to, to, phoneNumberIds: phones });
    expect(reply.statusCode).toBe(400);
    expect(JSON.stringify(reply.body)).toMatch(/phoneNumberIds/);
    expect(JSON.stringify(reply.body)).toMatch(new RegExp(`${MAX_PHONES_PER_RUN}`));
    expect(rt.stepFunctions.list()).toHaveLength(before);
  });
});
