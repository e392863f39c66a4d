import * as z from 'zod';

/**
 * The body of the SNS message EUM Social publishes to its event destination
 * (AWS EUM Social user guide, "managing-event-destination-dlrs").
 * `whatsAppWebhookEntry` is a JSON *string* holding ONE Meta `entry` (no `object`).
 * `messageId` is sometimes absent.
 */
export const EumSnsMessageSchema = z.looseObject({
  context: z
    .looseObject({
      MetaWabaIds: z.array(z.looseObject({ wabaId: z.string(), arn: z.string().optional() })).optional(),
      MetaPhoneNumberIds: z.array(z.looseObject({ metaPhoneNumberId: z.string(), arn: z.string().optional() })).optional(),
    })
    .optional(),
  whatsAppWebhookEntry: z.string().min(2),
  aws_account_id: z.string().optional(),
  message_timestamp: z.string().optional(),
  messageId: z.string().optional(),
});
export type EumSnsMessage = z.infer<typeof EumSnsMessageSchema>;

/** An SNS notification as SNS posts it to an HTTPS subscriber (and as it sits in an SNS Lambda record's `Sns`). */
export const SnsNotificationSchema = z.looseObject({
  Type: z.string(),
  MessageId: z.string(),
  TopicArn: z.string().optional(),
  Message: z.string(),
  Timestamp: z.string().optional(),
  SubscribeURL: z.string().optional(),
});
export type SnsNotification = z.infer<typeof SnsNotificationSchema>;
