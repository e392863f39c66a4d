export * from './names.js';
export * from './domain-events.js';
export * from './rules/index.js';
export * from './schedules/index.js';
