import type { ScheduleDefinition } from './types.js';

export const qualitySchedules: ScheduleDefinition[] = [
  {
    name: 'poll-quality',
    description: 'Polling fallback: read each phone number quality rating from EUM and record changes the webhooks missed',
    expression: 'rate(1 hour)',
    target: { kind: 'lambda', name: 'poll-quality' },
  },
];
