import type { RuleDefinition, RuleTarget } from '../../events/rules/types.js';
import { eventIdOf, LocalBus, type RetryPolicy } from '../bus/bus.js';
import type { FunctionInvoker } from '../bus/lambda-invoker.js';
import { executionNameFor, selectPath } from '../bus/targets.js';
import type { BusEvent } from '../bus/types.js';
import type { IamEnforcer } from '../iam/enforcer.js';
import { rulePrincipal } from '../iam/principals.js';
import type { Activity } from '../server/activity.js';
import { stateMachineArn } from '../stepfunctions/arns.js';
import type { LocalStepFunctions } from '../stepfunctions/engine.js';
import type { TraceStore } from '../trace/trace.js';
import { targetCall } from './iam.js';
import type { Storage } from './storage.js';

/**
 * The custom bus with the rules of events/rules: each rule's role is checked on its target
 * (a Lambda target: the function's resource policy on AWS), then the target runs — a function,
 * or a state machine started with `$.detail` (or its inputPath) under a name made from the event id.
 */
export function createEventBus(opts: {
  rules: RuleDefinition[];
  storage: Storage;
  memory: boolean;
  trace: TraceStore;
  activity: Activity;
  retry: Partial<RetryPolicy> | undefined;
  log: (msg: string) => void;
  iam: IamEnforcer;
  lambdas: FunctionInvoker;
  /** The engine is built after the bus (its tasks publish on it): looked up when a target runs. */
  stepFunctions: () => LocalStepFunctions;
}): LocalBus {
  const { storage } = opts;
  const bus = new LocalBus({
    rules: opts.rules,
    archive: storage.archive,
    dlq: storage.dlq,
    trace: opts.trace,
    activity: opts.activity,
    retry: opts.retry,
    outbox: storage.outbox,
    log: opts.log,
    invokeTarget: (target, event, rule) => {
      opts.iam.authorize(rulePrincipal(rule), ...targetCall(target));
      return runTarget(target, event);
    },
  });
  async function runTarget(target: RuleTarget, event: BusEvent): Promise<unknown> {
    if (target.kind === 'lambda') return opts.lambdas.invoke(target.name, event);
    const input = selectPath(event, target.inputPath ?? '$.detail');
    return opts.stepFunctions().startExecution({ stateMachineArn: stateMachineArn(target.name), name: executionNameFor(eventIdOf(event)), input: JSON.stringify(input ?? {}) });
  }
  if (!opts.memory) bus.restoreHistory(storage.archive.all());
  return bus;
}
