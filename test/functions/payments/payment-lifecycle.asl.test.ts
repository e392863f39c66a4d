import '../../../local/polyfills.js';
import { StateMachine } from 'aws-local-stepfunctions';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withInputTimeoutPaths } from '../../../local/stepfunctions/definition.js';
import { readStateMachine } from '../../../state-machines/substitutions.js';

/** The PaymentLifecycle ASL run by aws-local-stepfunctions with its Task states replaced by fakes. */
const text = readStateMachine('payment-lifecycle').replace(/\$\{(\w+)\}/g, (_, k: string) => (k.endsWith('FunctionArn') ? `arn:aws:lambda:local:000000000000:function:${k}` : k));
const definition = JSON.parse(text) as { States: Record<string, Record<string, any>> };
// As the local runtime runs it: TimeoutSecondsPath resolved against the state input, as on AWS.
const runnable = withInputTimeoutPaths(definition) as any;
const context = { Task: { Token: 'token-1' }, Execution: { Id: 'arn:exec:1', Name: 'payment-p1' }, State: { EnteredTime: '2026-03-01T10:00:00.000Z', Name: 'x' } } as any;
const input = (timers: Record<string, number | boolean>): any => ({ paymentId: 'p1', paymentLinkId: 'plink_1', timers, seen: { status: 'created', amountPaidMinor: 0 } });
const never = () => new Promise<never>(() => undefined);
/** One execution on `timers`, its Task states answered by `handlers` (by state name); resolves with its output. */
const runLifecycle = (timers: Record<string, number | boolean>, handlers: Record<string, (i: any) => Promise<any>>) =>
  new StateMachine(runnable).run(input(timers), { context, overrides: { taskResourceLocalHandlers: handlers } }).result;

// Clock timeouts are real seconds (60 s and up): run the library's timers 1000× faster.
const realSetTimeout = globalThis.setTimeout;
beforeEach(() => {
  globalThis.setTimeout = ((cb: () => void, ms?: number) => realSetTimeout(cb, Math.ceil((ms ?? 0) / 1000))) as typeof setTimeout;
});
afterEach(() => {
  globalThis.setTimeout = realSetTimeout;
});

describe('payment-lifecycle.asl.json', () => {
  it('follows the conventions: every Task bounded, retried, caught', () => {
    for (const [name, s] of Object.entries(definition.States)) {
      if (s.Type !== 'Task') continue;
      if (s.TimeoutSecondsPath) expect(s.TimeoutSecondsPath, name).toBe('$.clock.remainingSeconds');
      else expect(s.TimeoutSeconds, name).toBeGreaterThan(0);
      expect(s.Retry?.length, name).toBeGreaterThan(0);
      expect(
        s.Catch?.some((c: { ErrorEquals: string[] }) => c.ErrorEquals.includes('States.ALL')),
        name,
      ).toBe(true);
    }
  });

  it('waits once per clock: the reminder when the first runs out, then reconciles at the deadline and emits once', async () => {
    const calls: string[] = [];
    await runLifecycle(
      { reminder: true, untilReminderSeconds: 7200, untilDeadlineSeconds: 3900 },
      {
        WaitForLinkEvent: async (i: any) => (calls.push(`wait ${i.Payload.waitSeconds}s`), never()),
        SendReminder: async () => (calls.push('reminder'), { Payload: { sent: true } }),
        Reconcile: async () => (calls.push('reconcile'), { Payload: { paymentId: 'p1', status: 'paid', amountPaidMinor: 1000, amountDueMinor: 0 } }),
        EmitOutcome: async () => (calls.push('emit'), { Payload: { emitted: true, outcome: 'paid' } }),
        SendPaidMessage: async () => (calls.push('paid-message'), { Payload: { sent: true } }),
      },
    );
    // Two hours and then 65 minutes are each one wait, not one per minute or hour.
    expect(calls).toEqual(['wait 7200s', 'reminder', 'wait 3900s', 'reconcile', 'emit', 'paid-message']);
  });

  it('keeps waiting after a partial payment for what is left of the clock, and finishes on paid; no message when the outcome was already emitted', async () => {
    const calls: string[] = [];
    const resumes = [
      { paymentId: 'p1', status: 'partially_paid', amountPaidMinor: 400, amountDueMinor: 600, remainingSeconds: 5000 },
      { paymentId: 'p1', status: 'paid', amountPaidMinor: 1000, amountDueMinor: 0, remainingSeconds: 4000 },
    ];
    const waits: Array<{ seen: unknown; waitSeconds: number }> = [];
    await runLifecycle(
      { reminder: false, untilReminderSeconds: 0, untilDeadlineSeconds: 3600 * 30 },
      {
        WaitForLinkEvent: async (i: any) => (waits.push({ seen: i.Payload.seen, waitSeconds: i.Payload.waitSeconds }), resumes.shift() ?? never()),
        SendPartialMessage: async () => (calls.push('partial'), { Payload: { sent: true } }),
        EmitOutcome: async () => (calls.push('emit'), { Payload: { emitted: false, outcome: 'paid' } }),
      },
    );
    expect(calls).toEqual(['partial', 'emit']);
    expect(waits).toEqual([
      { seen: { status: 'created', amountPaidMinor: 0 }, waitSeconds: 3600 * 30 },
      { seen: { status: 'partially_paid', amountPaidMinor: 400 }, waitSeconds: 5000 },
    ]);
  });

  it('keeps its clock when a resumer sends no remainingSeconds (one deployed before per-clock waits)', async () => {
    const waits: number[] = [];
    const resumes: Record<string, string | number>[] = [
      { paymentId: 'p1', status: 'partially_paid', amountPaidMinor: 400, amountDueMinor: 600 },
      { paymentId: 'p1', status: 'paid', amountPaidMinor: 1000, amountDueMinor: 0, remainingSeconds: 100 },
    ];
    await runLifecycle(
      { reminder: false, untilReminderSeconds: 0, untilDeadlineSeconds: 7200 },
      {
        WaitForLinkEvent: async (i: any) => (waits.push(i.Payload.waitSeconds), resumes.shift() ?? never()),
        SendPartialMessage: async () => ({ Payload: { sent: true } }),
        EmitOutcome: async () => ({ Payload: { emitted: false, outcome: 'paid' } }),
      },
    );
    expect(waits).toEqual([7200, 7200]);
  });

  it('moves on when news arrives with no time left on the clock', async () => {
    const calls: string[] = [];
    await runLifecycle(
      { reminder: false, untilReminderSeconds: 0, untilDeadlineSeconds: 600 },
      {
        WaitForLinkEvent: async () => (calls.push('wait'), { paymentId: 'p1', status: 'partially_paid', amountPaidMinor: 400, amountDueMinor: 600, remainingSeconds: 0 }),
        SendPartialMessage: async () => (calls.push('partial'), { Payload: { sent: true } }),
        Reconcile: async () => (calls.push('reconcile'), { Payload: { paymentId: 'p1', status: 'expired', amountPaidMinor: 400, amountDueMinor: 600 } }),
        EmitOutcome: async () => (calls.push('emit'), { Payload: { emitted: true, outcome: 'expired' } }),
        SendExpiredMessage: async () => (calls.push('expired-message'), { Payload: { sent: true } }),
      },
    );
    expect(calls).toEqual(['wait', 'partial', 'reconcile', 'emit', 'expired-message']);
  });

  it('reports workflow.failed when reconciliation leaves the link open', async () => {
    const emitted: unknown[] = [];
    await expect(
      runLifecycle(
        { reminder: false, untilReminderSeconds: 0, untilDeadlineSeconds: 0 },
        {
          Reconcile: async () => ({ Payload: { paymentId: 'p1', status: 'created', amountPaidMinor: 0, amountDueMinor: 1000 } }),
          EmitWorkflowFailed: async (i: any) => (emitted.push(i.Entries[0]), {}),
        },
      ),
    ).rejects.toThrow(/see the workflow.failed event/);
    expect(emitted).toEqual([expect.objectContaining({ DetailType: 'workflow.failed', Source: 'eum.social' })]);
  });
});
