import { ZodError } from 'zod';
import { DetailType, makeEvent } from '../../../events/index.js';
import { EumSnsMessageSchema, SnsNotificationSchema } from '../../../events/inbound/eum-sns.js';
import { MetaEntryEnvelopeSchema } from '../../../events/inbound/meta-webhook.js';
import {
  SOCIAL_MESSAGING_HANDLING,
  SocialMessagingEventSchema,
  type SocialMessagingDetailTypeName,
  type SocialMessagingEvent,
  type SocialMessagingHandling,
} from '../../../events/inbound/social-messaging-event.js';
import { toIsoTime } from '../shared/time.js';
import { describeZodError } from '../shared/zod-errors.js';
import { normalizeMetaEntry, type NormalizeResult } from './normalize-meta.js';

/**
 * Normalizes one EUM SNS message body (the string SNS carries in `Message`):
 * envelope → decoded `whatsAppWebhookEntry` → domain events.
 * Throws `InvalidPayloadError` when the envelope itself is unusable (nothing to salvage).
 */
export function normalizeEumSnsMessage(body: string, receivedAt: string): NormalizeResult {
  const envelope = EumSnsMessageSchema.safeParse(parseJson(body, 'Message'));
  if (!envelope.success) throw new InvalidPayloadError(`EUM SNS message: ${describeZodError(envelope.error)}`);
  const entryJson = parseJson(envelope.data.whatsAppWebhookEntry, 'whatsAppWebhookEntry');
  const entry = MetaEntryEnvelopeSchema.safeParse(entryJson);
  if (!entry.success) throw new InvalidPayloadError(`whatsAppWebhookEntry: ${describeZodError(entry.error)}`);
  const phoneIds = envelope.data.context?.MetaPhoneNumberIds ?? [];
  return normalizeMetaEntry(entry.data, {
    receivedAt,
    phoneNumberId: phoneIds.length === 1 ? phoneIds[0]?.metaPhoneNumberId : undefined,
    envelopeTime: envelope.data.message_timestamp,
  });
}

/**
 * Accepts what `POST /webhooks/eum` may carry: an SNS notification as SNS posts it to an HTTPS
 * subscriber, or the bare EUM message body. Returns the EUM message body string.
 */
export function unwrapSnsHttpBody(raw: string): { kind: 'notification' | 'bare'; message: string; snsType?: string } {
  const json = parseJson(raw, 'body');
  const notification = SnsNotificationSchema.safeParse(json);
  if (notification.success) return { kind: 'notification', message: notification.data.Message, snsType: notification.data.Type };
  return { kind: 'bare', message: raw };
}

/**
 * `aws.social-messaging` events from the default bus. Every documented detail-type has one
 * handling (SOCIAL_MESSAGING_HANDLING): a status keyed by EUM's message id, or a logged reason
 * for ignoring it. An undocumented detail-type is ignored with its reason too: it is not a bad
 * payload, and keeping one rejected payload per event would only fill the table.
 */
export function normalizeSocialMessagingEvent(raw: unknown, receivedAt: string): NormalizeResult {
  const parsed = SocialMessagingEventSchema.safeParse(raw);
  if (!parsed.success) throw new InvalidPayloadError(`aws.social-messaging event: ${describeZodError(parsed.error)}`);
  const e: SocialMessagingEvent = parsed.data;
  const detailType = e['detail-type'];
  const handling = SOCIAL_MESSAGING_HANDLING[detailType as SocialMessagingDetailTypeName] as SocialMessagingHandling | undefined;
  if (!handling) {
    return { events: [], ignored: [{ field: detailType, reason: 'not a detail-type EUM Social documents; nothing to record' }], rejected: [] };
  }
  if (handling.kind === 'ignore') return { events: [], ignored: [{ field: detailType, reason: handling.reason }], rejected: [] };
  const d = e.detail;
  if (!d.messageId) throw new InvalidPayloadError(`aws.social-messaging event: detail.messageId: required for "${detailType}"`);
  const errors = providerErrors(d.errors);
  const stated = d.failureReason ?? d.errors?.map((x) => x.title ?? x.message ?? x.details).find(Boolean);
  const reason = handling.status !== 'failed' ? undefined : handling.defaultReason ? [handling.defaultReason, stated].filter(Boolean).join(' — ') : stated;
  let event: ReturnType<typeof makeEvent>;
  try {
    event = makeEvent(DetailType.MessageStatus, {
      eventId: `eumstatus:${d.messageId}:${handling.idPart}`,
      occurredAt: toIsoTime(d.eventTimestamp, e.time ?? receivedAt),
      receivedAt,
      phoneNumberId: d.originationPhoneNumberId,
      wabaId: d.wabaId,
      // Resolved to our own key by the store through the alias written at send time.
      messageKey: `eum:${d.messageId}`,
      eumMessageId: d.messageId,
      status: handling.status,
      errors,
      reason: reason?.slice(0, MAX_REASON_LENGTH),
      via: 'eum-eventbridge',
    });
  } catch (err) {
    // A body that passes the inbound schema can still make an invalid event (an id past 512 chars…).
    if (err instanceof ZodError) throw new InvalidPayloadError(`aws.social-messaging event: ${describeZodError(err)}`);
    throw err;
  }
  return { events: [event], ignored: [], rejected: [] };
}

const MAX_REASON_LENGTH = 1000;

/** Meta-style errors keep their numeric code; a code that is not a number stays in the reason text only. */
function providerErrors(errors: SocialMessagingEvent['detail']['errors']) {
  const out = (errors ?? []).flatMap((x) => {
    const code = typeof x.code === 'number' ? x.code : x.code !== undefined && /^\d+$/.test(x.code) ? Number(x.code) : undefined;
    return code === undefined ? [] : [{ code, title: x.title ?? x.message, details: x.details }];
  });
  return out.length ? out : undefined;
}

export class InvalidPayloadError extends Error {
  override readonly name = 'InvalidPayloadError';
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InvalidPayloadError(`${what}: not valid JSON (${(err as Error).message})`);
  }
}
