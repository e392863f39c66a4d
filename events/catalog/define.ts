import * as z from 'zod';

/**
 * How one domain event type is defined: everything about it in one object, and everything else
 * (the detail-type constants, the schema map `makeEvent` checks against, the rules' detail-type
 * lists, the routing test, the table in docs/events.md) derived from these objects.
 */
export interface EventDefinition<Name extends string = string, Schema extends z.ZodType = z.ZodType> {
  /** The EventBridge `detail-type`, `<subject>.<what happened>`. */
  name: Name;
  /** What happened, in one sentence a maintainer can act on. */
  description: string;
  /** Who puts it on the bus: a function (handler name), a state machine (ASL name), in words. */
  publishedBy: string;
  /** The outside deliveries a normalizer turns into this event (none: this system derives it). */
  from?: readonly Ingress[];
  /**
   * The rules (events/rules) whose `detail-type` list takes this event. Routing an event to an
   * existing consumer is this line; a new consumer is a new rule beside the others.
   */
  routedTo: readonly string[];
  /** The zod schema of `detail`: `makeEvent` parses against it before anything is published. */
  schema: Schema;
  /** A valid detail, as published: shown in the docs, parsed and routed by the tests. */
  example: z.input<Schema>;
}

/** Where outside events enter: Meta's webhook (through EUM's SNS destination), Razorpay's, EUM's own events on the default bus. */
export type Ingress = 'meta-webhook' | 'razorpay-webhook' | 'aws.social-messaging';

export const defineEvent = <const Name extends string, Schema extends z.ZodType>(definition: EventDefinition<Name, Schema>) => definition;

const iso = z.string().datetime({ offset: true });
/** The fields every domain event carries. */
export const baseDetail = {
  /** Stable id derived from the provider's ids, so duplicate deliveries collapse. */
  eventId: z.string().min(1).max(512),
  occurredAt: iso,
  receivedAt: iso,
  phoneNumberId: z.string().optional(),
  wabaId: z.string().optional(),
};
export const detail = <T extends z.ZodRawShape>(shape: T) => z.object({ ...baseDetail, ...shape });
/** Money: integer minor units (paise, cents), never floats. */
export const money = z.number().int().nonnegative();

/** Times shared by the examples, so they read as one story. */
export const EXAMPLE_TIMES = { occurredAt: '2026-02-01T09:30:00.000Z', receivedAt: '2026-02-01T09:30:01.250Z' } as const;
