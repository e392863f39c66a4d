import { describe, expect, it } from 'vitest';
import { stateViews, statesOf, subjectOf, waitingFor } from '../../../local/console-api/execution-view.js';
import { buildJourney } from '../../../local/console-api/journey.js';
import type { ExecutionRecord } from '../../../local/stepfunctions/records.js';
import { TraceStore } from '../../../local/trace/trace.js';

const definition = {
  StartAt: 'Register',
  States: {
    Register: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Recover' }], Next: 'Park' },
    Recover: { Type: 'Pass', Next: 'Park' },
    Park: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', TimeoutSecondsPath: '$.maxWaitSeconds', Next: 'Pause' },
    Pause: { Type: 'Wait', Seconds: 60, Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
};

function record(history: ExecutionRecord['history'], status: ExecutionRecord['status'] = 'RUNNING'): ExecutionRecord {
  return { executionArn: 'arn:x', stateMachineArn: 'arn:m', stateMachine: 'm', name: 'n', status, startDate: '2026-01-01T00:00:00.000Z', input: '{}', history };
}
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const input = { templateName: 'order_ready', metaTemplateId: '123', maxWaitSeconds: 100, other: { deep: true } };

describe('execution view: per-state status from the history', () => {
  const states = statesOf(definition);

  it('colours failed-then-caught, succeeded and waiting states, and says what a token wait is parked under until when', () => {
    const r = record([
      { timestamp: at(0), type: 'StateEntered', state: 'Register', input },
      { timestamp: at(1), type: 'StateFailed', state: 'Register', error: 'Boom', cause: 'x' },
      { timestamp: at(1), type: 'StateCaught', state: 'Register', error: 'Boom', cause: 'x' },
      { timestamp: at(2), type: 'StateEntered', state: 'Recover', input },
      { timestamp: at(2), type: 'StateExited', state: 'Recover', input, output: input },
      { timestamp: at(3), type: 'StateEntered', state: 'Park', input },
    ]);
    const views = stateViews(r, states);
    expect(views.Register).toMatchObject({ status: 'caught', error: 'Boom', entered: 1 });
    expect(views.Recover).toMatchObject({ status: 'succeeded', output: input });
    expect(views.Park!.status).toBe('waiting');
    expect(views.Done).toBeUndefined();
    // timeScale 0.5: 100 s of TimeoutSecondsPath are 50 s of real time after entering.
    expect(waitingFor(r, states, views, 0.5)).toEqual([
      {
        state: 'Park',
        kind: 'task-token',
        since: at(3),
        resource: definition.States.Park.Resource,
        subject: { templateName: 'order_ready', metaTemplateId: '123' },
        until: at(53),
      },
    ]);
  });

  it('a Wait state waits for its timer; a finished execution waits for nothing and its open states are stopped', () => {
    const history = [{ timestamp: at(10), type: 'StateEntered', state: 'Pause', input }];
    const running = record(history);
    expect(waitingFor(running, states, stateViews(running, states), 1)).toEqual([{ state: 'Pause', kind: 'timer', since: at(10), until: at(70) }]);
    const aborted = record(history, 'ABORTED');
    expect(stateViews(aborted, states).Pause!.status).toBe('stopped');
    expect(waitingFor(aborted, states, stateViews(aborted, states), 1)).toEqual([]);
    const failed = record(history, 'FAILED');
    expect(stateViews(failed, states).Pause!.status).toBe('failed');
  });

  it('subjectOf keeps only naming fields, one level down included', () => {
    expect(subjectOf({ paymentLinkId: 'plink_1', amount: 500, customer: { phoneNumberId: 'p-1', x: 1 } })).toEqual({ paymentLinkId: 'plink_1', phoneNumberId: 'p-1' });
    expect(subjectOf({ amount: 1 })).toBeUndefined();
    expect(subjectOf('text')).toBeUndefined();
  });
});

describe('journey: recursive over the events an event caused', () => {
  it('nests caused events, shows a repeated one once, and stops at unknown ids', () => {
    const trace = new TraceStore();
    trace.record('a', 'ingress', { actor: 'POST /webhooks/eum' });
    trace.record('a', 'event-published', { publishedEventId: 'b', detailType: 'B' });
    trace.record('a', 'event-published', { publishedEventId: 'missing', detailType: 'M' });
    trace.record('b', 'ingress', { causedBy: 'a' });
    trace.record('b', 'event-published', { publishedEventId: 'a', detailType: 'A' });
    const j = buildJourney('a', {
      trace,
      findEvent: (id) => (id === 'b' ? { id: 'bus-b', detailType: 'B', detail: { eventId: 'b' }, time: at(0), source: 's', bus: 'custom' } : undefined),
    })!;
    expect(j.eventId).toBe('a');
    expect(j.caused.map((c) => c.eventId)).toEqual(['b']);
    expect(j.caused[0]!.event?.detailType).toBe('B');
    expect(j.caused[0]!.caused).toEqual([{ eventId: 'a', event: undefined, steps: [], caused: [], truncated: 'shown above' }]);
    expect(buildJourney('nope', { trace, findEvent: () => undefined })).toBeUndefined();
  });
});

describe('log capture: a handler’s log lines land in the trace of the event it works on', () => {
  it('records lines written inside a trace context, not outside, and restores stdout', async () => {
    const { captureLogLines } = await import('../../../local/console-api/log-capture.js');
    const { withTrace } = await import('../../../local/trace/trace.js');
    const trace = new TraceStore();
    const original = process.stdout.write;
    const undo = captureLogLines(trace);
    try {
      withTrace({ eventId: 'e-1', actor: 'lambda:record-message' }, () => process.stdout.write('{"level":"WARN","message":"slow"}\nsecond line\n'));
      process.stdout.write('outside any event\n');
    } finally {
      undo();
    }
    expect(process.stdout.write).toBe(original);
    expect(trace.get('e-1')!.steps.map((s) => [s.kind, s.actor, s.line])).toEqual([
      ['log', 'lambda:record-message', '{"level":"WARN","message":"slow"}'],
      ['log', 'lambda:record-message', 'second line'],
    ]);
  });
});
