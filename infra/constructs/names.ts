import { ArnFormat, Stack } from 'aws-cdk-lib';

/**
 * State machines get explicit names so their ARNs can be written before they exist: functions that
 * start a machine and the machine that invokes functions would otherwise form a dependency cycle.
 */
export const stateMachineName = (stack: Stack, machine: string): string => `${stack.stackName}-${machine}`.slice(0, 80);

export const stateMachineArn = (stack: Stack, machine: string): string =>
  stack.formatArn({ service: 'states', resource: 'stateMachine', resourceName: stateMachineName(stack, machine), arnFormat: ArnFormat.COLON_RESOURCE_NAME });

export const executionArnPattern = (stack: Stack, machine: string): string =>
  stack.formatArn({ service: 'states', resource: 'execution', resourceName: `${stateMachineName(stack, machine)}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });

/** Step Functions' vended-logs prefix, named after the machine (so after the stack). */
export const stateMachineLogGroupName = (stack: Stack, machine: string): string => `/aws/vendedlogs/states/${stateMachineName(stack, machine)}`;

export { stateMachineEnvName } from '../../state-machines/substitutions.js';
