/**
 * The one source of IAM for the system, as data: the function catalogue's grants, each state
 * machine's role (from its ASL placeholders) and each rule target's / schedule's role, turned into
 * statements of actions on symbolic resources. The CDK stack maps the symbols to tokens
 * (infra/constructs/…), the local runtime to local ARNs (local/iam/…): both enforce the same policy.
 * Pure data: no CDK here.
 */
import type { RuleDefinition, RuleTarget } from '../events/rules/types.js';
import type { ScheduleDefinition } from '../events/schedules/types.js';
import { listStateMachines, placeholdersOf, readStateMachine } from '../state-machines/substitutions.js';
import { INBOUND_MEDIA_PREFIX } from '../functions/domain/media/keys.js';
import type { FunctionSpec, Grant } from './function-catalog.js';

export type SymbolicResource =
  | { kind: 'table' }
  /** Every GSI of the table (`<table arn>/index/*`). */
  | { kind: 'table-indexes' }
  | { kind: 'bus' }
  | { kind: 'state-machine'; name: string }
  /** Every execution of a state machine (`…:execution:<machine>:*`). */
  | { kind: 'executions'; machine: string }
  | { kind: 'function'; name: string }
  /** The function's versions and aliases (`<function arn>:*`). */
  | { kind: 'function-versions'; name: string }
  | { kind: 'secret'; secret: 'razorpay-webhook' | 'razorpay-api' }
  /** The account's EUM phone numbers (`phone-number-id/*`) or linked WABAs (`waba/*`). */
  | { kind: 'eum'; type: 'phone-number-id' | 'waba' }
  /** Objects of the media bucket under a key prefix (`<bucket arn>/<prefix>*`). */
  | { kind: 'media-objects'; prefix: string }
  /** The managed rule through which Step Functions learns that a `.sync` child execution closed. */
  | { kind: 'sfn-sync-rule' }
  /** `*`: for actions that define no resource type. */
  | { kind: 'any' };

export interface Statement {
  /** Where it comes from: a catalogue grant (`table:read`), an ASL placeholder, a rule target… */
  source: string;
  actions: string[];
  resources: SymbolicResource[];
}

/** The DynamoDB data actions of `ITable.grantReadData` / `grantWriteData`, less the stream reads (no stream here). */
export const DYNAMO_READ_ACTIONS = ['dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'];
export const DYNAMO_WRITE_ACTIONS = ['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:DescribeTable'];
const TABLE: SymbolicResource[] = [{ kind: 'table' }, { kind: 'table-indexes' }];

/** EUM Social actions per grant (the IAM prefix is `social-messaging:`). */
export const EUM_ACTIONS: Record<'eum:send' | 'eum:templates' | 'eum:flows' | 'eum:phone-numbers' | 'eum:media', string[]> = {
  'eum:send': ['SendWhatsAppMessage'],
  'eum:media': ['GetWhatsAppMessageMedia', 'PostWhatsAppMessageMedia', 'DeleteWhatsAppMessageMedia'],
  'eum:phone-numbers': ['GetLinkedWhatsAppBusinessAccountPhoneNumber', 'GetLinkedWhatsAppBusinessAccount', 'ListLinkedWhatsAppBusinessAccounts'],
  'eum:templates': [
    'CreateWhatsAppMessageTemplate',
    'CreateWhatsAppMessageTemplateFromLibrary',
    'CreateWhatsAppMessageTemplateMedia',
    'UpdateWhatsAppMessageTemplate',
    'DeleteWhatsAppMessageTemplate',
    'GetWhatsAppMessageTemplate',
    'ListWhatsAppMessageTemplates',
    'ListWhatsAppTemplateLibrary',
  ],
  'eum:flows': [
    'CreateWhatsAppFlow',
    'UpdateWhatsAppFlow',
    'UpdateWhatsAppFlowAssets',
    'ListWhatsAppFlowAssets',
    'PublishWhatsAppFlow',
    'DeprecateWhatsAppFlow',
    'DeleteWhatsAppFlow',
    'GetWhatsAppFlow',
    'GetWhatsAppFlowPreview',
    'ListWhatsAppFlows',
  ],
};

/**
 * Resources per EUM action, from the Service Authorization Reference for social-messaging: sends
 * and phone-number reads are scoped to the account's phone numbers, WABA reads to its WABAs;
 * template and Flow operations and ListLinkedWhatsAppBusinessAccounts define no resource type, so
 * IAM only accepts "*" for them (the actions are still enumerated, never `social-messaging:*`).
 */
export function eumResourceOf(action: string): SymbolicResource {
  if (
    ['SendWhatsAppMessage', 'GetLinkedWhatsAppBusinessAccountPhoneNumber', 'GetWhatsAppMessageMedia', 'PostWhatsAppMessageMedia', 'DeleteWhatsAppMessageMedia'].includes(action)
  ) {
    return { kind: 'eum', type: 'phone-number-id' };
  }
  if (action === 'GetLinkedWhatsAppBusinessAccount') return { kind: 'eum', type: 'waba' };
  return { kind: 'any' };
}

export const TASK_TOKEN_ACTIONS = ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'];

/** What the statements of a function depend on besides its catalogue entry. */
export interface GrantContext {
  /** Every state machine: `sfn:start` and `sfn:read` cover them. */
  stateMachines: string[];
  /** The state machines with a `.waitForTaskToken` Task: the only ones `sfn:task-token` covers. */
  tokenWaitMachines: string[];
}

/** The statements one catalogue grant stands for. */
export function grantStatements(grant: Grant, ctx: GrantContext): Statement[] {
  const one = (actions: string[], resources: SymbolicResource[]): Statement[] => [{ source: grant, actions, resources }];
  switch (grant) {
    case 'table:read':
      return one(DYNAMO_READ_ACTIONS, TABLE);
    case 'table:write':
      return one(DYNAMO_WRITE_ACTIONS, TABLE);
    case 'bus:put':
      return one(['events:PutEvents'], [{ kind: 'bus' }]);
    case 'sfn:start':
      return one(
        ['states:StartExecution'],
        ctx.stateMachines.map((name) => ({ kind: 'state-machine', name })),
      );
    case 'sfn:read':
      return one(
        ['states:DescribeExecution'],
        ctx.stateMachines.map((machine) => ({ kind: 'executions', machine })),
      );
    case 'sfn:task-token':
      return one(
        TASK_TOKEN_ACTIONS,
        ctx.tokenWaitMachines.map((name) => ({ kind: 'state-machine', name })),
      );
    case 'secret:razorpay-webhook':
      return one(['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], [{ kind: 'secret', secret: 'razorpay-webhook' }]);
    case 'secret:razorpay-api':
      return one(['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], [{ kind: 'secret', secret: 'razorpay-api' }]);
    // Media (issue 19): reads anywhere in the bucket (presigned GETs, sources of uploads); writes only
    // where store-media puts inbound files (the presigned PUT EUM uploads to is signed with its role).
    case 'media:read':
      return one(['s3:GetObject'], [{ kind: 'media-objects', prefix: '' }]);
    case 'media:write-inbound':
      return one(['s3:PutObject'], [{ kind: 'media-objects', prefix: INBOUND_MEDIA_PREFIX }]);
    case 'eum:send':
    case 'eum:templates':
    case 'eum:flows':
    case 'eum:phone-numbers':
    case 'eum:media':
      return EUM_ACTIONS[grant].map((action) => ({ source: grant, actions: [`social-messaging:${action}`], resources: [eumResourceOf(action)] }));
  }
}

/** A function's role: the statements of every grant its catalogue entry names. */
export function functionStatements(spec: FunctionSpec, ctx: GrantContext): Statement[] {
  const invokes = (spec.invokes ?? []).map(
    (name): Statement => ({
      source: `invokes:${name}`,
      actions: ['lambda:InvokeFunction'],
      resources: [
        { kind: 'function', name },
        { kind: 'function-versions', name },
      ],
    }),
  );
  return [...[...new Set(spec.grants)].flatMap((g) => grantStatements(g, ctx)), ...invokes];
}

/** A state machine's role: what its ASL's `${…}` placeholders resolve to, and nothing else. */
export function stateMachineStatements(aslText: string): Statement[] {
  const statements = placeholdersOf(aslText).map((p): Statement => {
    const source = `\${${p.key}}`;
    if (p.kind === 'table') return { source, actions: [...new Set([...DYNAMO_READ_ACTIONS, ...DYNAMO_WRITE_ACTIONS])], resources: TABLE };
    if (p.kind === 'bus') return { source, actions: ['events:PutEvents'], resources: [{ kind: 'bus' }] };
    if (p.kind === 'function')
      return {
        source,
        actions: ['lambda:InvokeFunction'],
        resources: [
          { kind: 'function', name: p.handler },
          { kind: 'function-versions', name: p.handler },
        ],
      };
    return { source, actions: ['states:StartExecution'], resources: [{ kind: 'state-machine', name: p.machine }] };
  });
  // `startExecution.sync` also follows and stops the child, and uses Step Functions' managed rule
  // (Step Functions' IAM policies for nested workflows).
  const children = placeholdersOf(aslText).flatMap((p) => (p.kind === 'state-machine' ? [p.machine] : []));
  const sync: Statement[] =
    startsAndWaits(aslText) && children.length
      ? [
          {
            source: 'states:startExecution.sync',
            actions: ['states:DescribeExecution', 'states:StopExecution'],
            resources: children.map((machine) => ({ kind: 'executions', machine }) as const),
          },
          { source: 'states:startExecution.sync', actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'], resources: [{ kind: 'sfn-sync-rule' }] },
        ]
      : [];
  return [...statements, ...sync];
}

/** Whether an ASL text starts child executions and waits for them (`states:startExecution.sync[:2]`). */
export const startsAndWaits = (aslText: string): boolean => /"arn:aws:states:::states:startExecution\.sync(:2)?"/.test(aslText);

/**
 * The role EventBridge (a rule) or EventBridge Scheduler (a schedule) assumes to reach its target.
 * A Lambda rule target is allowed by the function's resource policy on AWS; it is modelled here as
 * the same permission, so the twin checks every hop alike.
 */
export function targetStatements(target: RuleTarget, source: string): Statement[] {
  if (target.kind === 'lambda')
    return [
      {
        source,
        actions: ['lambda:InvokeFunction'],
        resources: [
          { kind: 'function', name: target.name },
          { kind: 'function-versions', name: target.name },
        ],
      },
    ];
  return [{ source, actions: ['states:StartExecution'], resources: [{ kind: 'state-machine', name: target.name }] }];
}

/** The state machines with at least one token wait (`.waitForTaskToken` Task resource). */
export function hasTokenWait(aslText: string): boolean {
  return /"Resource"\s*:\s*"[^"]*\.waitForTaskToken"/.test(aslText);
}

/** Every principal of the system and its statements, read from the catalogue, the ASL files, the rules and the schedules. */
export interface SystemPolicies {
  functions: Map<string, Statement[]>;
  stateMachines: Map<string, Statement[]>;
  rules: Map<string, Statement[]>;
  schedules: Map<string, Statement[]>;
}

export function grantContext(stateMachinesDir?: string): GrantContext {
  const machines = listStateMachines(stateMachinesDir).map((m) => m.name);
  return { stateMachines: machines, tokenWaitMachines: machines.filter((m) => hasTokenWait(readStateMachine(m, stateMachinesDir))) };
}

export function systemPolicies(input: { catalog: FunctionSpec[]; rules: RuleDefinition[]; schedules: ScheduleDefinition[]; stateMachinesDir?: string }): SystemPolicies {
  const ctx = grantContext(input.stateMachinesDir);
  return {
    functions: new Map(input.catalog.map((spec) => [spec.name, functionStatements(spec, ctx)])),
    stateMachines: new Map(ctx.stateMachines.map((m) => [m, stateMachineStatements(readStateMachine(m, input.stateMachinesDir))])),
    rules: new Map(input.rules.map((r) => [r.name, targetStatements(r.target, `rule ${r.name}`)])),
    schedules: new Map(input.schedules.map((s) => [s.name, targetStatements(s.target, `schedule ${s.name}`)])),
  };
}
