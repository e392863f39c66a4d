import type { RuleDefinition, RuleTarget } from '../../events/rules/types.js';
import type { ScheduleDefinition } from '../../events/schedules/types.js';
import type { FunctionSpec } from '../../infra/function-catalog.js';
import { systemPolicies } from '../../infra/grants.js';
import { STATE_MACHINES_DIR } from '../../state-machines/substitutions.js';
import { functionArn } from '../bus/lambda-invoker.js';
import { AccessDenied, IamEnforcer } from '../iam/enforcer.js';
import { localBusArn } from '../iam/local-arns.js';
import { stateMachineArn } from '../stepfunctions/arns.js';
import { TABLE_NAME } from './storage.js';

/** The IAM policies of infra/grants.ts, enforced on every AWS call the twin serves. */
export function createIam(opts: {
  catalog: FunctionSpec[];
  rules: RuleDefinition[];
  schedules: ScheduleDefinition[];
  stateMachinesDir: string | undefined;
  enabled: boolean;
  log: (msg: string) => void;
}): IamEnforcer {
  const policies = systemPolicies({ catalog: opts.catalog, rules: opts.rules, schedules: opts.schedules });
  // Test fixture machines (another folder) have no role of the system's: their calls are not checked.
  if (opts.stateMachinesDir !== undefined && opts.stateMachinesDir !== STATE_MACHINES_DIR) policies.stateMachines.clear();
  return new IamEnforcer(policies, { enabled: opts.enabled, tableName: TABLE_NAME, log: opts.log });
}

/** The first AccessDenied among a request's checks; a body that does not parse is left to the endpoint's own validation. */
export function firstDenial(iam: IamEnforcer, principal: string | undefined, checks: () => { action: string; resource: string }[]): AccessDenied | undefined {
  let list: { action: string; resource: string }[];
  try {
    list = checks();
  } catch {
    return undefined;
  }
  try {
    for (const c of list) iam.authorize(principal, c.action, c.resource);
  } catch (err) {
    if (err instanceof AccessDenied) return err;
    throw err;
  }
  return undefined;
}

/** The call a rule or schedule makes on its target: what its role must allow. */
export function targetCall(target: RuleTarget): [string, string] {
  return target.kind === 'lambda' ? ['lambda:InvokeFunction', functionArn(target.name)] : ['states:StartExecution', stateMachineArn(target.name)];
}

/** Task parameters may name a bus or a function by name: IAM sees the ARN. */
export function localArnOfTaskResource(action: string, resource: string): string {
  if (action === 'events:PutEvents') return localBusArn(resource);
  if (action === 'lambda:InvokeFunction' && !resource.startsWith('arn:')) return functionArn(resource);
  return resource;
}
