import type { RuleTarget } from '../rules/types.js';

/**
 * Schedules as data (EventBridge Scheduler on AWS, a timer in the local runtime).
 * `input` is passed to the target as its event / execution input.
 */
export interface ScheduleDefinition {
  name: string;
  description: string;
  /** `rate(…)` or `cron(…)` in EventBridge Scheduler syntax, UTC. */
  expression: string;
  target: RuleTarget;
  input?: Record<string, unknown>;
}
