import { Duration, TimeZone } from 'aws-cdk-lib';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke, StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import type { ScheduleDefinition } from '../../events/schedules/types.js';
import type { DeadLetters } from './dead-letters.js';
import type { Functions } from './functions.js';
import { pascal } from '../../state-machines/substitutions.js';
import type { Workflows } from './workflows.js';

export interface SchedulingProps {
  schedules: ScheduleDefinition[];
  functions: Functions;
  workflows: Workflows;
  deadLetters: DeadLetters;
}

/** events/schedules as EventBridge Scheduler schedules (UTC), each with retries and its own DLQ. */
export class Scheduling extends Construct {
  readonly schedules = new Map<string, Schedule>();

  constructor(scope: Construct, id: string, props: SchedulingProps) {
    super(scope, id);
    for (const def of props.schedules) {
      const id = pascal(def.name);
      const targetProps = {
        // Scheduler fills `<aws.scheduler.*>` context attributes in the input, as the local runtime does.
        input: ScheduleTargetInput.fromObject(def.input ?? {}),
        deadLetterQueue: props.deadLetters.create(`Schedule${id}`),
        retryAttempts: 5,
        maxEventAge: Duration.hours(1),
      };
      const target =
        def.target.kind === 'lambda'
          ? new LambdaInvoke(props.functions.get(def.target.name), targetProps)
          : new StepFunctionsStartExecution(props.workflows.get(def.target.name), targetProps);
      this.schedules.set(
        def.name,
        new Schedule(this, id, {
          description: def.description.slice(0, 512),
          schedule: ScheduleExpression.expression(def.expression, TimeZone.ETC_UTC),
          target,
        }),
      );
    }
  }
}
