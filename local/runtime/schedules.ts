import { randomBytes } from 'node:crypto';
import type { ScheduleDefinition } from '../../events/schedules/types.js';
import type { FunctionInvoker } from '../bus/lambda-invoker.js';
import { fillSchedulerAttributes, Scheduler } from '../bus/schedules.js';
import type { IamEnforcer } from '../iam/enforcer.js';
import { schedulePrincipal } from '../iam/principals.js';
import type { Activity } from '../server/activity.js';
import { stateMachineArn } from '../stepfunctions/arns.js';
import type { LocalStepFunctions } from '../stepfunctions/engine.js';
import { withTrace } from '../trace/trace.js';
import { targetCall } from './iam.js';

export interface RuntimeSchedules {
  list: ScheduleDefinition[];
  /** Runs one schedule now, as EventBridge Scheduler would (its role checked on the target). */
  run(name: string): Promise<unknown>;
  /** The timers (started only when the runtime runs schedules on timers). */
  scheduler: Scheduler;
}

/** The schedules of events/schedules, run now on demand or on timers scaled by the runtime's time scale. */
export function createSchedules(opts: {
  list: ScheduleDefinition[];
  timeScale: number;
  iam: IamEnforcer;
  lambdas: FunctionInvoker;
  sfn: LocalStepFunctions;
  activity: Activity;
  log: (msg: string) => void;
}): RuntimeSchedules {
  const { list, iam, lambdas, sfn } = opts;
  async function run(name: string): Promise<unknown> {
    const s = list.find((x) => x.name === name);
    if (!s) throw new Error(`no schedule named ${name}; known: ${list.map((x) => x.name).join(', ') || 'none'}`);
    const executionId = randomBytes(8).toString('hex');
    // EventBridge Scheduler passes `input` as-is, with its context attributes filled in.
    const input = fillSchedulerAttributes(s.input ?? {}, { name, executionId, at: new Date().toISOString() });
    return opts.activity.track(
      withTrace({ actor: `schedule:${name}` }, async () => {
        iam.authorize(schedulePrincipal(name), ...targetCall(s.target));
        if (s.target.kind === 'lambda') return lambdas.invoke(s.target.name, input);
        return sfn.startExecution({
          stateMachineArn: stateMachineArn(s.target.name),
          name: `${name}-${executionId}`.slice(0, 80),
          input: JSON.stringify(input),
        });
      }),
    );
  }
  const scheduler = new Scheduler(list, opts.timeScale, (s) => run(s.name), opts.log);
  return { list, run, scheduler };
}
