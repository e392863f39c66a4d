import type { ScheduleDefinition } from './types.js';

/** A missed template webhook is healed, and a template built in Business Manager appears, within one period. */
export const TEMPLATE_SYNC_EXPRESSION = 'rate(30 minutes)';

export const templateSchedules: ScheduleDefinition[] = [
  {
    name: 'sync-templates',
    description: "Reconcile the template catalogue with the WABA's templates at Meta (new external templates, status drift, deletions)",
    expression: TEMPLATE_SYNC_EXPRESSION,
    target: { kind: 'lambda', name: 'sync-templates' },
  },
];
