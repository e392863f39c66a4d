import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { DynamoQualityStore } from '../../../functions/adapters/dynamodb/quality-store.js';
import { recordQualityChangeHandler } from '../../../functions/handlers/record-quality-change.js';
import { readStateMachine, substitute } from '../../../state-machines/substitutions.js';
import { testTable } from '../../support/test-table.js';
import { phoneChange } from '../../fixtures/quality/events.js';

/** The QualityRecording ASL run by aws-local-stepfunctions, its Lambda task on the real handler over dynalite. */
const table = testTable();
const recordQualityChange = recordQualityChangeHandler(() => ({ qualityStore: new DynamoQualityStore(table.db, table.tableName) }));

const definition = JSON.parse(
  substitute(readStateMachine('quality-recording'), {
    RecordQualityChangeFunctionArn: 'arn:aws:lambda:local:000000000000:function:record-quality-change',
    EventBusName: 'eum-social',
  }),
);

async function run(input: unknown) {
  const published: { state: string; entries: any[] }[] = [];
  const putEvents = (state: string) => async (params: any) => {
    published.push({ state, entries: params.Entries });
    return { Entries: [{ EventId: 'x' }], FailedEntryCount: 0 };
  };
  const machine = new StateMachine(definition, { validationOptions: { checkArn: false } });
  const execution = machine.run(input as any, {
    overrides: {
      taskResourceLocalHandlers: {
        RecordChange: async (params: any) => ({ Payload: (await recordQualityChange(params.Payload)) as any }),
        EmitDirection: putEvents('EmitDirection'),
        EmitAlert: putEvents('EmitAlert'),
        EmitWorkflowFailed: putEvents('EmitWorkflowFailed'),
      },
      retryIntervalOverrides: { RecordChange: 0, EmitDirection: 0, EmitAlert: 0, EmitWorkflowFailed: 0 },
    },
    context: { Execution: { Id: 'arn:aws:states:local:000000000000:execution:quality-recording:test', Name: 'test' } } as any,
  });
  try {
    return { output: await execution.result, published };
  } catch (error) {
    return { error: error as Error, published };
  }
}

describe('QualityRecording state machine', () => {
  it('a downgrade publishes quality.downgraded then quality.alert on the bus', async () => {
    const phoneNumberId = 'asl-phone-1';
    await run({ ...phoneChange({ event: 'ONBOARDING', at: '2026-02-01T00:00:00Z', currentLimit: 'TIER_1K' }), phoneNumberId, eventId: 'asl-1' });

    const { output, published } = await run({
      ...phoneChange({ event: 'DOWNGRADE', at: '2026-02-02T00:00:00Z', currentLimit: 'TIER_250', previousLimit: 'TIER_1K' }),
      phoneNumberId,
      eventId: 'asl-2',
    });

    expect(output).toMatchObject({ outcome: 'recorded', direction: 'downgraded' });
    expect(published.map((p) => [p.state, p.entries[0].DetailType, p.entries[0].EventBusName, p.entries[0].Source])).toEqual([
      ['EmitDirection', 'quality.downgraded', 'eum-social', 'eum.social'],
      ['EmitAlert', 'quality.alert', 'eum-social', 'eum.social'],
    ]);
    expect(published[1]!.entries[0].Detail).toMatchObject({ kind: 'tier_downgraded', subjectId: phoneNumberId });
  });

  it('a duplicate publishes nothing', async () => {
    const d = { ...phoneChange({ event: 'FLAGGED', at: '2026-02-03T00:00:00Z' }), phoneNumberId: 'asl-phone-2', eventId: 'asl-dup' };
    const first = await run(d);

    const second = await run(d);

    expect(first.published.map((p) => p.entries[0].DetailType)).toEqual(['quality.downgraded', 'quality.alert']);
    expect(second.output).toMatchObject({ outcome: 'duplicate' });
    expect(second.published).toEqual([]);
  });

  it('an invalid detail is not retried: workflow.failed is published and the execution fails', async () => {
    const { error, published } = await run({ eventId: 'bad', occurredAt: 'not a time', receivedAt: 'x', event: 'FLAGGED' });

    expect(error, String(error)).toBeDefined();
    expect(published.map((p) => p.entries[0].DetailType)).toEqual(['workflow.failed']);
    expect(published[0]!.entries[0].Detail).toMatchObject({ workflow: 'quality-recording', error: { Error: 'InvalidQualityChange' } });
  });
});
