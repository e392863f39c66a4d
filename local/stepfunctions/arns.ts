export const stateMachineArn = (name: string): string => `arn:aws:states:local:000000000000:stateMachine:${name}`;
export const executionArn = (machine: string, name: string): string => `arn:aws:states:local:000000000000:execution:${machine}:${name}`;
export const machineNameOf = (arn: string): string | undefined => /^arn:aws:states:[^:]*:[^:]*:stateMachine:([^:]+)$/.exec(arn)?.[1];
export { stateMachineEnvName } from '../../state-machines/substitutions.js';
