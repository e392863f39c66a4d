export * from './names.js';
export * from './domain-events.js';
export * from './rules/index.js';
export * from './schedules/index.js';
export { defineEvent, detailTypesRoutedTo, eventCatalog, eventDefinitions, type EventDefinition } from './catalog/index.js';
