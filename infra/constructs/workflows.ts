import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { listStateMachines, pascal, placeholdersOf, readStateMachine } from '../../state-machines/substitutions.js';
import { stateMachineStatements } from '../grants.js';
import type { DataPlane } from './data-plane.js';
import type { Functions } from './functions.js';
import { stateMachineArn, stateMachineLogGroupName, stateMachineName } from './names.js';
import { cdkStatements, functionArnOf } from './policies.js';

export interface WorkflowsProps {
  data: DataPlane;
  functions: Functions;
  logRetention: RetentionDays;
}

/**
 * Every ASL file of state-machines/ deployed unchanged (the local runtime runs the same files);
 * `${Placeholder}`s resolve to this stack's resources and each resolved resource is granted to the
 * machine's role, and nothing else is.
 */
export class Workflows extends Construct {
  readonly byName = new Map<string, StateMachine>();

  constructor(scope: Construct, id: string, props: WorkflowsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    for (const { name, path } of listStateMachines()) {
      const substitutions: Record<string, string> = {};
      for (const p of placeholdersOf(readStateMachine(name))) {
        if (p.kind === 'table') substitutions[p.key] = props.data.table.tableName;
        else if (p.kind === 'bus') substitutions[p.key] = props.data.bus.eventBusName;
        else if (p.kind === 'function') substitutions[p.key] = props.functions.get(p.handler).functionArn;
        else substitutions[p.key] = stateMachineArn(stack, p.machine);
      }
      const sm = new StateMachine(this, pascal(name), {
        stateMachineName: stateMachineName(stack, name),
        stateMachineType: StateMachineType.STANDARD,
        definitionBody: DefinitionBody.fromFile(path),
        definitionSubstitutions: substitutions,
        tracingEnabled: true,
        logs: {
          destination: new LogGroup(this, `${pascal(name)}Logs`, {
            // Under /aws/vendedlogs/ CloudWatch Logs needs no resource-policy entry per log group
            // (that policy's 5,120-character limit is hit by accounts with many vended logs).
            logGroupName: stateMachineLogGroupName(stack, name),
            retention: props.logRetention,
            removalPolicy: RemovalPolicy.DESTROY,
          }),
          level: LogLevel.ALL,
          // Execution data holds phone numbers and payment details: keep it out of the logs.
          includeExecutionData: false,
        },
      });
      // The role: what infra/grants.ts derives from the same placeholders, and nothing else.
      const refs = { data: props.data, functionArn: functionArnOf((n) => props.functions.get(n)) };
      for (const statement of cdkStatements(stack, stateMachineStatements(readStateMachine(name)), refs)) sm.addToRolePolicy(statement);
      this.byName.set(name, sm);
    }
  }

  get(name: string): StateMachine {
    const sm = this.byName.get(name);
    if (!sm) throw new Error(`no state machine "${name}" in state-machines/ (referenced by a rule or schedule)`);
    return sm;
  }
}
