import { Duration } from 'aws-cdk-lib';
import { type CfnRule, EventBus, Rule, RuleTargetInput, type EventPattern, type IEventBus, type IRuleTarget } from 'aws-cdk-lib/aws-events';
import { LambdaFunction, SfnStateMachine } from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import type { RuleDefinition, RuleTarget } from '../../events/rules/types.js';
import type { DeadLetters } from './dead-letters.js';
import type { Functions } from './functions.js';
import { pascal } from '../../state-machines/substitutions.js';
import type { Workflows } from './workflows.js';

export interface RoutingProps {
  bus: IEventBus;
  rules: RuleDefinition[];
  functions: Functions;
  workflows: Workflows;
  deadLetters: DeadLetters;
  /** Meta WABA ids: the default-bus rules take only these WABAs' events (absent: every WABA of the account). */
  metaWabaIds?: string[];
}

/** How long EventBridge keeps retrying a target before the event goes to the target's DLQ. */
export const TARGET_MAX_EVENT_AGE = Duration.hours(24);
export const TARGET_RETRY_ATTEMPTS = 185;

/**
 * The rules of events/rules, deployed as data: the pattern is the very JSON the local bus matches
 * (set raw on the CfnRule), every target has a retry policy and its own DLQ.
 */
export class Routing extends Construct {
  readonly rules = new Map<string, Rule>();

  constructor(scope: Construct, id: string, props: RoutingProps) {
    super(scope, id);
    const defaultBus = EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    for (const def of props.rules) {
      const id = pascal(def.name);
      const rule = new Rule(this, id, {
        description: def.description.slice(0, 512),
        eventBus: def.bus === 'custom' ? props.bus : defaultBus,
        eventPattern: toCdkPattern(def.pattern),
      });
      // The CDK pattern type cannot say `$or` or every operator; the raw JSON is the truth.
      (rule.node.defaultChild as CfnRule).addPropertyOverride('EventPattern', deployedPattern(def, props.metaWabaIds));
      rule.addTarget(targetFor(def.target, props, props.deadLetters.create(`Rule${id}`)));
      this.rules.set(def.name, rule);
    }
  }
}

function targetFor(target: RuleTarget, props: RoutingProps, deadLetterQueue: ReturnType<DeadLetters['create']>): IRuleTarget {
  const retry = { deadLetterQueue, retryAttempts: TARGET_RETRY_ATTEMPTS, maxEventAge: TARGET_MAX_EVENT_AGE };
  if (target.kind === 'lambda') return new LambdaFunction(props.functions.get(target.name), retry);
  return new SfnStateMachine(props.workflows.get(target.name), {
    ...retry,
    input: RuleTargetInput.fromEventPath(target.inputPath ?? '$.detail'),
  });
}

/** kebab-case pattern keys → the CDK's camelCase (only to satisfy the L2's validation). */
function toCdkPattern(pattern: Record<string, unknown>): EventPattern {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(pattern)) if (!k.startsWith('$')) out[k.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())] = v;
  if (Object.keys(out).length === 0) throw new Error('a rule pattern needs at least one field besides $or');
  return out as EventPattern;
}

/**
 * The pattern as deployed: the rule's own, and on the default bus (shared by every stack of the
 * account and region) narrowed to this stack's WABAs, so a second stack does not take the first's events.
 */
export function deployedPattern(def: RuleDefinition, metaWabaIds: string[] | undefined): Record<string, unknown> {
  if (def.bus !== 'default' || !metaWabaIds?.length) return def.pattern;
  const detail = (def.pattern.detail ?? {}) as Record<string, unknown>;
  return { ...def.pattern, detail: { ...detail, wabaId: [...metaWabaIds] } };
}
