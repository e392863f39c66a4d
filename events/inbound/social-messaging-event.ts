import * as z from 'zod';
import { AWS_SOCIAL_MESSAGING_SOURCE } from '../names.js';

/**
 * Events EUM Social publishes on the default bus (AWS EUM Social user guide, "monitor-event-bridge").
 * They carry EUM's own messageId (a UUID, not Meta's wamid), no recipient and no pricing;
 * `eventTimestamp` is a string of Unix seconds.
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
    messageId: z.string().min(1),
    status: z.string().min(1),
    eventTimestamp: z.union([z.string(), z.number()]).optional(),
    errors: z
      .array(z.looseObject({ code: z.number(), title: z.string().optional(), message: z.string().optional() }))
      .optional(),
  }),
});
export type SocialMessagingEvent = z.infer<typeof SocialMessagingEventSchema>;
