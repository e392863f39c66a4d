import { StateMachine } from 'aws-local-stepfunctions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoAnalyticsStore } from '../../../functions/adapters/dynamodb/analytics-store.js';
import { DynamoMessageStore } from '../../../functions/adapters/dynamodb/message-store.js';
import { addDays, dayOf } from '../../../functions/domain/analytics/days.js';
import { MAX_BACKFILL_DAYS, MAX_PHONES_PER_RUN, pagesOf, ROLLUP_PAGE_SIZE } from '../../../functions/domain/analytics/plan.js';
import { listRollupDaysHandler } from '../../../functions/handlers/list-rollup-days.js';
import { rollupDayHandler } from '../../../functions/handlers/rollup-day.js';
import { readStateMachine, substitute } from '../../../state-machines/substitutions.js';
import { testTable } from '../../support/test-table.js';
import { DAYS, generate, PHONE, store } from './dataset.js';

/**
 * The AnalyticsRollup ASL (plan → pages, each an AnalyticsRollupPage child: plan page → Map over
 * phone×day) run by aws-local-stepfunctions on the real handlers over dynalite.
 */
const table = testTable();
let messages: DynamoMessageStore;
/** The Task functions over the test table; every request names its phone numbers, so no EUM directory is read. */
const listRollupDays = listRollupDaysHandler(() => ({
  analyticsStore: new DynamoAnalyticsStore(table.db, table.tableName),
  phoneDirectory: { list: async () => [], get: async () => undefined },
}));
const rollupDay = rollupDayHandler(() => ({ messages, analyticsStore: new DynamoAnalyticsStore(table.db, table.tableName) }));

beforeAll(async () => {
  messages = new DynamoMessageStore(table.db, table.tableName);
  await store(
    messages,
    generate().filter((m) => m.day === DAYS[0]),
  );
}, 60_000);

const arns = {
  ListRollupDaysFunctionArn: 'arn:aws:lambda:local:000000000000:function:list-rollup-days',
  RollupDayFunctionArn: 'arn:aws:lambda:local:000000000000:function:rollup-day',
  AnalyticsRollupPageStateMachineArn: 'arn:aws:states:local:000000000000:stateMachine:analytics-rollup-page',
  EventBusName: 'eum-social',
};
const parent = JSON.parse(substitute(readStateMachine('analytics-rollup'), arns));
const page = JSON.parse(substitute(readStateMachine('analytics-rollup-page'), arns));

type Handlers = Record<string, (input: any) => Promise<any>>;

async function execute(definition: unknown, input: unknown, name: string, handlers: Handlers) {
  const machine = new StateMachine(definition as any, { validationOptions: { checkArn: false } });
  const execution = machine.run(input as any, {
    overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides: Object.fromEntries(Object.keys(handlers).map((k) => [k, 0])) },
    context: { Execution: { Id: `arn:aws:states:local:000000000000:execution:x:${name}`, Name: name } } as any,
  });
  const events: any[] = [];
  const logs = (async () => {
    for await (const ev of execution.eventLogs) events.push(ev);
  })();
  try {
    const output = await execution.result;
    await logs;
    return { output: output as any, events };
  } catch (error) {
    await logs;
    return { error, events };
  }
}

async function run(input: unknown, name: string) {
  const published: any[] = [];
  const children: any[] = [];
  const emit = async (p: any) => (published.push(...p.Entries), { FailedEntryCount: 0, Entries: [] });
  const result = await execute(parent, input, name, {
    PlanUnits: async (p: any) => ({ Payload: (await listRollupDays(p.Payload)) as any }),
    // startExecution.sync:2, as Step Functions answers it: the child's description, Output as JSON.
    RunPage: async (p: any) => {
      const child = await execute(page, p.Input, `${name}-page-${p.Input.offset}`, {
        PlanPage: async (q: any) => ({ Payload: (await listRollupDays(q.Payload)) as any }),
        RollupDay: async (q: any) => ({ Payload: (await rollupDay(q.Payload)) as any }),
        EmitWorkflowFailed: emit,
      });
      children.push(child);
      if (child.error) throw Object.assign(new Error(JSON.stringify({ Status: 'FAILED' })), { name: 'States.TaskFailed' });
      return { Status: 'SUCCEEDED', Output: child.output };
    },
    EmitWorkflowFailed: emit,
  });
  return { ...result, published, children };
}

describe('AnalyticsRollup state machine', () => {
  it('rolls every (phone number, day) of a range into one item each, page by page, and records progress', async () => {
    const { output, children } = await run({ mode: 'range', from: DAYS[0], to: DAYS[2], phoneNumberIds: [PHONE] }, 'backfill-1');

    expect(output).toEqual({ runId: 'backfill-1', from: DAYS[0], to: DAYS[2], units: 3 });
    expect(children.map((c) => c.output)).toEqual([{ runId: 'backfill-1', offset: 0, units: 3 }]);
    const analytics = new DynamoAnalyticsStore(table.db, table.tableName);
    const rollups = await analytics.getRollups(PHONE, DAYS[0]!, DAYS[2]!);
    expect([...rollups.keys()].sort()).toEqual(DAYS);
    expect(rollups.get(DAYS[0]!)!.counts.outbound).toBe(40);
    expect(rollups.get(DAYS[2]!)!.counts.outbound).toBe(0);
    expect(await analytics.getRun('backfill-1')).toMatchObject({ total: 3, done: 3 });
    expect(await analytics.listPhones()).toEqual([PHONE]);
  });

  it('a range reaching today is refused without retries: workflow.failed', async () => {
    const { error, published } = await run({ mode: 'range', from: '2099-01-01', to: '2099-01-02', phoneNumberIds: [PHONE] }, 'bad-range');

    expect(error).toBeDefined();
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ DetailType: 'workflow.failed', Detail: { workflow: 'analytics-rollup', error: { Error: 'InvalidRollupRequest' } } });
  });

  it('a page that fails tells with workflow.failed, and so does the run it belongs to', async () => {
    const published: any[] = [];
    const emit = async (p: any) => (published.push(...p.Entries), { FailedEntryCount: 0, Entries: [] });
    const pageRun = await execute(page, { runId: 'never-planned', offset: 0, limit: 1 }, 'orphan-page', {
      PlanPage: async (q: any) => ({ Payload: (await listRollupDays(q.Payload)) as any }),
      RollupDay: async (q: any) => ({ Payload: (await rollupDay(q.Payload)) as any }),
      EmitWorkflowFailed: emit,
    });
    const parentRun = await execute(parent, { mode: 'range', from: DAYS[0], to: DAYS[0], phoneNumberIds: [PHONE] }, 'page-fails', {
      PlanUnits: async (p: any) => ({ Payload: (await listRollupDays(p.Payload)) as any }),
      RunPage: async () => {
        throw Object.assign(new Error(JSON.stringify({ Status: 'FAILED', Error: 'AnalyticsRollupPageFailed' })), { name: 'States.TaskFailed' });
      },
      EmitWorkflowFailed: emit,
    });

    expect(pageRun.error).toBeDefined();
    expect(parentRun.error).toBeDefined();
    expect(published.map((e) => [e.Detail.workflow, e.Detail.error.Error])).toEqual([
      ['analytics-rollup-page', 'InvalidRollupRequest'],
      ['analytics-rollup', 'States.TaskFailed'],
    ]);
  });

  it(`at the largest run the action accepts (${MAX_PHONES_PER_RUN} phone numbers × ${MAX_BACKFILL_DAYS} days) the parent stays far from 256 KiB and 25,000 events`, async () => {
    // The children are stubbed (each is one page of ≤ ROLLUP_PAGE_SIZE units, measured for real in
    // test/local/analytics-backfill-bounds.test.ts); what grows with the range is the parent.
    const phones = Array.from({ length: MAX_PHONES_PER_RUN }, (_, i) => `9${String(i).padStart(14, '0')}`);
    const to = addDays(dayOf(new Date()), -1);
    const from = addDays(to, -(MAX_BACKFILL_DAYS - 1));
    let pagesRun = 0;
    const { output, events } = await execute(parent, { mode: 'range', from, to, phoneNumberIds: phones }, 'largest', {
      PlanUnits: async (p: any) => ({ Payload: (await listRollupDays(p.Payload)) as any }),
      RunPage: async (p: any) => {
        pagesRun += 1;
        return { Status: 'SUCCEEDED', Output: { runId: p.Input.runId, offset: p.Input.offset, units: p.Input.limit } };
      },
      EmitWorkflowFailed: async () => ({ FailedEntryCount: 0, Entries: [] }),
    });

    expect(output).toMatchObject({ units: MAX_PHONES_PER_RUN * MAX_BACKFILL_DAYS });
    expect(pagesRun).toBe(pagesOf(MAX_PHONES_PER_RUN * MAX_BACKFILL_DAYS).length);
    expect(pagesRun).toBe((MAX_PHONES_PER_RUN * MAX_BACKFILL_DAYS) / ROLLUP_PAGE_SIZE);
    const largestState = Math.max(
      ...events.flatMap((e) => [e.input, e.output, e.state?.input, e.state?.output].map((v) => (v === undefined ? 0 : Buffer.byteLength(JSON.stringify(v))))),
    );
    expect(largestState).toBeLessThan(256 * 1024);
    // ≤ 3 AWS history events per local one (see analytics-backfill-bounds.test.ts).
    expect(events.length * 3).toBeLessThan(25_000);
  }, 120_000);
});
