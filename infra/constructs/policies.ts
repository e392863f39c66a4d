import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Statement, SymbolicResource } from '../grants.js';
import type { DataPlane } from './data-plane.js';
import { executionArnPattern, stateMachineArn } from './names.js';

/** What symbolic resources resolve against in the stack. */
export interface PolicyRefs {
  data: DataPlane;
  /** Only state machine roles name functions. */
  functionArn?: (name: string) => string;
}

/** A symbolic resource of infra/grants.ts as this stack's token (the local runtime maps the same symbols to local ARNs). */
export function cdkResource(stack: Stack, r: SymbolicResource, refs: PolicyRefs): string {
  const fn = (name: string) => {
    if (!refs.functionArn) throw new Error(`no function ARNs to resolve ${name} against`);
    return refs.functionArn(name);
  };
  switch (r.kind) {
    case 'table':
      return refs.data.table.tableArn;
    case 'table-indexes':
      return `${refs.data.table.tableArn}/index/*`;
    case 'bus':
      return refs.data.bus.eventBusArn;
    case 'state-machine':
      return stateMachineArn(stack, r.name);
    case 'executions':
      return executionArnPattern(stack, r.machine);
    case 'function':
      return fn(r.name);
    case 'function-versions':
      return `${fn(r.name)}:*`;
    case 'secret':
      return (r.secret === 'razorpay-webhook' ? refs.data.secrets.webhook : refs.data.secrets.api).secretArn;
    case 'eum':
      return stack.formatArn({ service: 'social-messaging', resource: r.type, resourceName: '*' });
    case 'media-objects':
      return refs.data.mediaBucket.arnForObjects(`${r.prefix}*`);
    case 'sfn-sync-rule':
      return stack.formatArn({ service: 'events', resource: 'rule', resourceName: 'StepFunctionsGetEventsForStepFunctionsExecutionRule' });
    case 'any':
      return '*';
  }
}

export function cdkStatements(stack: Stack, statements: Statement[], refs: PolicyRefs): PolicyStatement[] {
  return statements.map((s) => new PolicyStatement({ actions: s.actions, resources: s.resources.map((r) => cdkResource(stack, r, refs)) }));
}

/** The ARN a state machine's role invokes a function by. */
export const functionArnOf = (get: (name: string) => IFunction) => (name: string) => get(name).functionArn;
