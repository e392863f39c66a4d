import { StateMachine } from 'aws-local-stepfunctions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAnalyticsStore } from '../../../functions/adapters/dynamodb/analytics-store.js';
import { DynamoMessageStore } from '../../../functions/adapters/dynamodb/message-store.js';
import { handler as listRollupDays } from '../../../functions/handlers/list-rollup-days.js';
import { handler as rollupDay } from '../../../functions/handlers/rollup-day.js';
import { setDeps, type Deps } from '../../../functions/wiring.js';
import { readStateMachine, substitute } from '../../../state-machines/substitutions.js';
import { startTestTable } from '../../support/dynalite.js';
import { DAYS, generate, PHONE, store } from './dataset.js';

/** The AnalyticsRollup ASL (plan → Map over phone×day) run by aws-local-stepfunctions on the real handlers over dynalite. */
let table: Awaited<ReturnType<typeof startTestTable>>;

beforeAll(async () => {
  table = await startTestTable();
  const messages = new DynamoMessageStore(table.db, table.tableName);
  setDeps({ db: table.db, tableName: table.tableName, messages } as unknown as Deps);
  await store(messages, generate().filter((m) => m.day === DAYS[0]));
}, 60_000);
afterAll(async () => {
  setDeps(undefined);
  await table.close();
});

const definition = JSON.parse(
  substitute(readStateMachine('analytics-rollup'), {
    ListRollupDaysFunctionArn: 'arn:aws:lambda:local:000000000000:function:list-rollup-days',
    RollupDayFunctionArn: 'arn:aws:lambda:local:000000000000:function:rollup-day',
    EventBusName: 'eum-social',
  }),
);

async function run(input: unknown, name: string) {
  const published: any[] = [];
  const machine = new StateMachine(definition, { validationOptions: { checkArn: false } });
  const execution = machine.run(input as any, {
    overrides: {
      taskResourceLocalHandlers: {
        PlanUnits: async (p: any) => ({ Payload: (await listRollupDays(p.Payload)) as any }),
        RollupDay: async (p: any) => ({ Payload: (await rollupDay(p.Payload)) as any }),
        EmitWorkflowFailed: async (p: any) => (published.push(...p.Entries), { FailedEntryCount: 0, Entries: [] }),
      },
      retryIntervalOverrides: { PlanUnits: 0, RollupDay: 0, EmitWorkflowFailed: 0 },
    },
    context: { Execution: { Id: `arn:aws:states:local:000000000000:execution:analytics-rollup:${name}`, Name: name } } as any,
  });
  try {
    return { output: (await execution.result) as any, published };
  } catch (error) {
    return { error, published };
  }
}

describe('AnalyticsRollup state machine', () => {
  it('rolls every (phone number, day) of a range into one item each and records progress', async () => {
    const { output } = await run({ mode: 'range', from: DAYS[0], to: DAYS[2], phoneNumberIds: [PHONE] }, 'backfill-1');

    expect(output).toEqual({ runId: 'backfill-1', from: DAYS[0], to: DAYS[2], units: 3 });
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
});
