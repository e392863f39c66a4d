import type { EventDefinition } from './define.js';
import { messageEvents } from './messages.js';
import { paymentEvents } from './payments.js';
import { qualityEvents } from './quality.js';
import { templateEvents } from './templates.js';
import { workflowEvents } from './workflows.js';

export { defineEvent, type EventDefinition } from './define.js';

/**
 * Every domain event type of the `eum-social` bus, one definition each (name, description, who
 * publishes it, the rules that take it, detail schema, example), grouped by area in the files
 * beside this one. A new event type is one more entry there; see docs/extending.md.
 */
export const eventCatalog = { ...messageEvents, ...templateEvents, ...qualityEvents, ...paymentEvents, ...workflowEvents };
type Catalog = typeof eventCatalog;

/** The definitions as a list, in catalogue order. */
export const eventDefinitions: readonly EventDefinition[] = Object.values(eventCatalog);

/** `DetailType.MessageReceived === 'message.received'`: the names code refers to, derived from the catalogue. */
export const DetailType = Object.fromEntries(Object.entries(eventCatalog).map(([key, d]) => [key, d.name])) as {
  readonly [K in keyof Catalog]: Catalog[K]['name'];
};
export type DetailTypeName = (typeof DetailType)[keyof typeof DetailType];

/** detail-type → schema of its detail: what `makeEvent` parses against. */
export const DomainEventSchemas = Object.fromEntries(eventDefinitions.map((d) => [d.name, d.schema])) as {
  readonly [K in keyof Catalog as Catalog[K]['name']]: Catalog[K]['schema'];
};

/** The detail-types a rule takes: every event type that names the rule in `routedTo`, in catalogue order. */
export function detailTypesRoutedTo(rule: string): string[] {
  return eventDefinitions.filter((d) => d.routedTo.includes(rule)).map((d) => d.name);
}
