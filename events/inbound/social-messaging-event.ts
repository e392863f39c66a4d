import * as z from 'zod';
import { AWS_SOCIAL_MESSAGING_SOURCE } from '../names.js';

/**
 * The detail-types EUM Social publishes on the default bus (EventBridge events reference,
 * "AWS End User Messaging Social events", and the EUM Social user guide, "monitor-event-bridge").
 */
export const SocialMessagingDetailType = {
  Sent: 'WhatsApp Message Sent',
  Delivered: 'WhatsApp Message Delivered',
  Read: 'WhatsApp Message Read',
  Failed: 'WhatsApp Message Failed',
  Undeliverable: 'WhatsApp Message Undeliverable',
  Received: 'WhatsApp Message Received',
  UnknownNotificationReceived: 'WhatsApp Unknown Notification Received',
  HandoverSucceeded: 'WhatsApp Message Handover Succeeded',
  HandoverFailed: 'WhatsApp Message Handover Failed',
} as const;
export type SocialMessagingDetailTypeName = (typeof SocialMessagingDetailType)[keyof typeof SocialMessagingDetailType];

/** What the project does with each documented detail-type: one table, read by the rule and the normalizer. */
export type SocialMessagingHandling =
  | { kind: 'status'; status: 'sent' | 'delivered' | 'read' | 'failed' /** part of the event id, so each kind is recorded once */; idPart: string; defaultReason?: string }
  | { kind: 'ignore'; reason: string };

export const SOCIAL_MESSAGING_HANDLING: Record<SocialMessagingDetailTypeName, SocialMessagingHandling> = {
  [SocialMessagingDetailType.Sent]: { kind: 'status', status: 'sent', idPart: 'sent' },
  [SocialMessagingDetailType.Delivered]: { kind: 'status', status: 'delivered', idPart: 'delivered' },
  [SocialMessagingDetailType.Read]: { kind: 'status', status: 'read', idPart: 'read' },
  [SocialMessagingDetailType.Failed]: { kind: 'status', status: 'failed', idPart: 'failed' },
  [SocialMessagingDetailType.Undeliverable]: {
    kind: 'status',
    status: 'failed',
    idPart: 'undeliverable',
    defaultReason: 'undeliverable: WhatsApp could not deliver the message to the customer',
  },
  [SocialMessagingDetailType.HandoverFailed]: {
    kind: 'status',
    status: 'failed',
    idPart: 'handover_failed',
    defaultReason: 'handover failed: EUM Social could not hand the send over to WhatsApp (it never reached Meta)',
  },
  [SocialMessagingDetailType.HandoverSucceeded]: {
    kind: 'ignore',
    reason: "handover succeeded only says the send reached Meta; Meta's own sent/delivered/read statuses follow",
  },
  [SocialMessagingDetailType.Received]: {
    kind: 'ignore',
    reason: 'inbound messages are ingested from the SNS event destination, which carries the whole Meta entry',
  },
  [SocialMessagingDetailType.UnknownNotificationReceived]: {
    kind: 'ignore',
    reason: 'a notification EUM Social does not map; the SNS event destination carries its Meta entry, which the Meta normalizer handles or ignores by field',
  },
};

/** The detail-types worth a Lambda invocation: the default-bus rule takes only these. */
export const FORWARDED_SOCIAL_MESSAGING_DETAIL_TYPES = (Object.keys(SOCIAL_MESSAGING_HANDLING) as SocialMessagingDetailTypeName[]).filter(
  (t) => SOCIAL_MESSAGING_HANDLING[t].kind === 'status',
);

/**
 * Events EUM Social publishes on the default bus. The status events carry EUM's own messageId
 * (a UUID, not Meta's wamid), no recipient and no pricing; `eventTimestamp` is a string of Unix
 * seconds. `messageId` and `status` are optional here because the documented Received / Unknown
 * Notification events are not status events; the normalizer demands them where they are needed.
 */
export const SocialMessagingEventSchema = z.looseObject({
  version: z.string().optional(),
  id: z.string().min(1),
  'detail-type': z.string().min(1),
  source: z.literal(AWS_SOCIAL_MESSAGING_SOURCE),
  account: z.string().optional(),
  time: z.string().optional(),
  region: z.string().optional(),
  detail: z.looseObject({
    wabaId: z.string().optional(),
    originationPhoneNumber: z.string().optional(),
    originationPhoneNumberId: z.string().optional(),
    messageId: z.string().min(1).optional(),
    status: z.string().min(1).optional(),
    eventTimestamp: z.union([z.string(), z.number()]).optional(),
    errors: z
      .array(
        z.looseObject({
          code: z.union([z.number(), z.string()]).optional(),
          title: z.string().optional(),
          message: z.string().optional(),
          details: z.string().optional(),
        }),
      )
      .optional(),
    /** Inferred (not in a published example): a handover failure's reason as a plain string. */
    failureReason: z.string().optional(),
  }),
});
export type SocialMessagingEvent = z.infer<typeof SocialMessagingEventSchema>;
