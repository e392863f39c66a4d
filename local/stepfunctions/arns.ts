export const stateMachineArn = (name: string): string => `arn:aws:states:local:000000000000:stateMachine:${name}`;
export const executionArn = (machine: string, name: string): string => `arn:aws:states:local:000000000000:execution:${machine}:${name}`;
export const machineNameOf = (arn: string): string | undefined => /^arn:aws:states:[^:]*:[^:]*:stateMachine:([^:]+)$/.exec(arn)?.[1];
/** `template-approval` → `STATE_MACHINE_ARN_TEMPLATE_APPROVAL` (the env var handlers read; CDK sets the same). */
export const stateMachineEnvName = (name: string): string => `STATE_MACHINE_ARN_${name.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`;
