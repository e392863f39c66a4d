import type { ScheduleDefinition } from './types.js';

export const analyticsSchedules: ScheduleDefinition[] = [
  {
    name: 'analytics-rollup-daily',
    description: 'Roll up the last two closed UTC days per phone number (the day before yesterday again, because 24-hour reply windows cross midnight)',
    expression: 'cron(20 0 * * ? *)',
    target: { kind: 'state-machine', name: 'analytics-rollup' },
    input: { mode: 'daily' },
  },
];
