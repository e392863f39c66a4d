import { analyticsSchedules } from './analytics.js';
import { qualitySchedules } from './quality.js';
import { templateSchedules } from './templates.js';
import type { ScheduleDefinition } from './types.js';

export type { ScheduleDefinition } from './types.js';

/** Every schedule of the system. Each workflow contributes its own list from a file beside this one. */
export const schedules: ScheduleDefinition[] = [...qualitySchedules, ...analyticsSchedules, ...templateSchedules];
