import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { DetailType } from '../../events/names.js';
import { listStateMachines, placeholdersOf, readStateMachine } from '../../state-machines/substitutions.js';

/**
 * The rules of state-machines/README.md, checked on every ASL file: a new workflow that waits
 * without a timeout, or fails without telling anyone, fails the build.
 */
type State = Record<string, any> & { Type: string };
type States = Record<string, State>;

const ALLOWED_RESOURCES = new Set([
  'arn:aws:states:::lambda:invoke',
  'arn:aws:states:::lambda:invoke.waitForTaskToken',
  'arn:aws:states:::events:putEvents',
  'arn:aws:states:::dynamodb:getItem',
  'arn:aws:states:::dynamodb:putItem',
  'arn:aws:states:::dynamodb:updateItem',
  'arn:aws:states:::dynamodb:deleteItem',
  'arn:aws:states:::states:startExecution.sync:2',
]);

const nextsOf = (s: State): string[] => [
  ...(s.Next ? [s.Next] : []),
  ...(s.Default ? [s.Default] : []),
  ...((s.Choices ?? []) as { Next: string }[]).map((c) => c.Next),
  ...((s.Catch ?? []) as { Next: string }[]).map((c) => c.Next),
];

const emitsWorkflowFailed = (s: State) =>
  s.Type === 'Task' && s.Resource === 'arn:aws:states:::events:putEvents' && JSON.stringify(s.Parameters ?? {}).includes(`"${DetailType.WorkflowFailed}"`);

/** Every (states, enclosing Map state) scope of a definition. */
function scopes(states: States, enclosing?: State): { states: States; enclosing?: State }[] {
  return [{ states, enclosing }, ...Object.values(states).flatMap((s) => (s.Type === 'Map' ? scopes((s.ItemProcessor ?? s.Iterator).States, s) : []))];
}

describe.each(listStateMachines().map((m) => [m.name]))('state machine %s', (name) => {
  const text = readStateMachine(name);
  const definition = JSON.parse(text) as { StartAt: string; States: States; QueryLanguage?: string };

  it('is valid ASL for the engine the local runtime uses, with known placeholders, in JSONPath', () => {
    // Placeholders become ARNs at deploy time; give the validator ARN-shaped stand-ins.
    const concrete = text.replace(/\$\{([A-Za-z0-9]+)\}/g, (_m, key: string) => (key.endsWith('Arn') ? `arn:aws:lambda:us-east-1:123456789012:function:${key}` : key));
    expect(() => new StateMachine(JSON.parse(concrete))).not.toThrow();
    expect(() => placeholdersOf(text)).not.toThrow();
    expect(definition.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
  });

  it('reaches every state from StartAt, and every transition names a state of its scope', () => {
    for (const { states, enclosing } of scopes(definition.States)) {
      const start = enclosing ? (enclosing.ItemProcessor ?? enclosing.Iterator).StartAt : definition.StartAt;
      const seen = new Set<string>();
      const queue = [start];
      while (queue.length) {
        const n = queue.shift()!;
        if (seen.has(n)) continue;
        expect(states[n], `transition to unknown state "${n}"`).toBeDefined();
        seen.add(n);
        queue.push(...nextsOf(states[n]!));
      }
      expect(Object.keys(states).filter((n) => !seen.has(n))).toEqual([]);
    }
  });

  it('uses only the integrations the local runtime emulates, and bounds every Task with TimeoutSeconds', () => {
    for (const { states } of scopes(definition.States)) {
      for (const [n, s] of Object.entries(states).filter(([, s]) => s.Type === 'Task')) {
        expect(ALLOWED_RESOURCES.has(s.Resource), `${n}: ${s.Resource}`).toBe(true);
        expect(s.TimeoutSeconds ?? s.TimeoutSecondsPath, `${n} has no TimeoutSeconds`).toBeDefined();
      }
      for (const [n, s] of Object.entries(states).filter(([, s]) => s.Type === 'Wait')) {
        expect(s.Seconds ?? s.SecondsPath ?? s.Timestamp ?? s.TimestampPath, `${n} is an unbounded Wait`).toBeDefined();
      }
    }
  });

  it('retries every Task and routes its failures to a state that emits workflow.failed', () => {
    for (const { states, enclosing } of scopes(definition.States)) {
      const outer = definition.States;
      const reachesFailureEvent = (from: string, pool: States): boolean => {
        const seen = new Set<string>();
        const queue = [from];
        while (queue.length) {
          const n = queue.shift()!;
          if (seen.has(n) || !pool[n]) continue;
          if (emitsWorkflowFailed(pool[n]!)) return true;
          seen.add(n);
          queue.push(...(pool[n]!.Next ? [pool[n]!.Next] : []));
        }
        return false;
      };
      for (const [n, s] of Object.entries(states).filter(([, s]) => s.Type === 'Task' && !emitsWorkflowFailed(s))) {
        expect(s.Retry?.length, `${n} has no Retry`).toBeGreaterThan(0);
        // A Task inside a Map may leave its failures to the Map's own Catch.
        const catcher = s.Catch ? { s, pool: states } : enclosing ? { s: enclosing, pool: outer } : { s, pool: states };
        const all = ((catcher.s.Catch ?? []) as { ErrorEquals: string[]; Next: string }[]).find((c) => c.ErrorEquals.includes('States.ALL'));
        expect(all, `${n} has no Catch for States.ALL`).toBeDefined();
        expect(reachesFailureEvent(all!.Next, catcher.pool), `${n}'s failures never emit ${DetailType.WorkflowFailed}`).toBe(true);
      }
    }
  });
});
