import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime.js';
import { FIXTURE_MACHINES, globals, startTestRuntime, until } from './helpers.js';

const rules = [
  {
    name: 'test-start-flow',
    description: 'test: an event starts a state machine',
    bus: 'custom' as const,
    pattern: { source: ['test.local'], 'detail-type': ['start.flow'] },
    target: { kind: 'state-machine' as const, name: 'token-wait' },
  },
  {
    name: 'test-resume-flow',
    description: 'test: another event resumes it through SendTaskSuccess',
    bus: 'custom' as const,
    pattern: { source: ['test.local'], 'detail-type': ['resume.flow'] },
    target: { kind: 'lambda' as const, name: 'resume-token' },
  },
];

describe('event traces across the bus, Step Functions and DynamoDB', () => {
  let rt: Runtime;
  beforeAll(async () => {
    rt = await startTestRuntime({ timeScale: 0.001, rules, stateMachinesDir: FIXTURE_MACHINES });
  });
  afterAll(async () => rt?.stop());

  it('shows the execution an event started, the event that resumed it, and what the execution wrote', async () => {
    // Act: start through a rule; the execution parks; a second event resumes it via a handler's real SFN client
    await rt.putEvent('start.flow', { eventId: 'start-1', subject: 'traced-flow', waitSeconds: 0 }, 'test.local');
    await until(() => globals.__parkedTokens?.find((p) => p.subject === 'traced-flow'));
    await rt.putEvent('resume.flow', { eventId: 'resume-1', subject: 'traced-flow', result: 'approved' }, 'test.local');
    const done = await rt.waitForExecution((e) => e.name === 'start-1');
    await rt.idle();

    // Assess: the execution is named after the event id (a duplicate cannot start a second one)
    expect(done).toMatchObject({ status: 'SUCCEEDED', stateMachine: 'token-wait', input: { eventId: 'start-1', subject: 'traced-flow', waitSeconds: 0 } });
    const start = rt.trace('start-1')!.steps;
    expect(start.map((s) => s.kind)).toEqual(
      expect.arrayContaining(['ingress', 'rule-matched', 'execution-started', 'target-invoked', 'item-written', 'event-published', 'execution-finished']),
    );
    expect(start.find((s) => s.kind === 'item-written')).toMatchObject({ pk: 'TEST#traced-flow', sk: 'OUTCOME' });
    expect(start.find((s) => s.kind === 'event-published')).toMatchObject({ publishedEventId: 'done:traced-flow' });
    const resume = rt.trace('resume-1')!.steps;
    expect(resume.find((s) => s.kind === 'execution-resumed')).toMatchObject({ actor: 'lambda:resume-token', executionArn: done.executionArn, outcome: 'success' });

    // A duplicate start event does not start a second execution.
    await rt.putEvent('start.flow', { eventId: 'start-1', subject: 'traced-flow', waitSeconds: 0 }, 'test.local');
    await rt.idle();
    expect((await rt.executions()).filter((e) => e.name === 'start-1')).toHaveLength(1);
  });
});
