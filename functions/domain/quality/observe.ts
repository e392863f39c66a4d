import { DetailType, makeEvent, type DomainEvent } from '../../../events/index.js';
import { normalizeRating, type QualityEntry } from './model.js';

/** A poll's time in whole seconds, like Meta's webhook times. */
const pollTime = (now: Date): string => new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString();

export interface ObservedPhone {
  metaPhoneNumberId: string;
  displayPhoneNumber?: string;
  qualityRating?: string;
}

/**
 * A rating read from EUM (poll or on demand) that differs from the stored current one becomes a
 * `phone.quality_changed` with source `poll`, so it goes through the same recording path as
 * webhooks. Nothing when the rating is unknown to EUM or unchanged.
 */
export function ratingChangeEvent(phone: ObservedPhone, current: QualityEntry | undefined, now: Date, wabaId?: string): DomainEvent | undefined {
  const rating = normalizeRating(phone.qualityRating);
  if (!rating || rating === current?.rating) return undefined;
  // At the same second the webhook's change sorts after the poll's (eventId tie-break 'phq:' >
  // 'phq-poll:'), since it says more (event and limit).
  const at = pollTime(now);
  return makeEvent(DetailType.PhoneQualityChanged, {
    eventId: `phq-poll:${phone.metaPhoneNumberId}:${rating}:${at}`,
    occurredAt: at,
    receivedAt: at,
    phoneNumberId: phone.metaPhoneNumberId,
    wabaId,
    displayPhoneNumber: phone.displayPhoneNumber,
    event: 'RATING_POLLED',
    rating,
    source: 'poll',
  });
}

export interface ObservedTemplate {
  templateId: string;
  templateName?: string;
  language?: string;
  qualityScore?: string;
}

/** Same as ratingChangeEvent for a template's quality score (UNKNOWN is not news when nothing is stored). */
export function templateScoreChangeEvent(t: ObservedTemplate, current: QualityEntry | undefined, now: Date): DomainEvent | undefined {
  const rating = normalizeRating(t.qualityScore);
  if (!rating || rating === current?.rating || (rating === 'UNKNOWN' && !current)) return undefined;
  const at = pollTime(now);
  return makeEvent(DetailType.TemplateQualityChanged, {
    eventId: `tplq-poll:${t.templateId}:${rating}:${at}`,
    occurredAt: at,
    receivedAt: at,
    templateId: t.templateId,
    templateName: t.templateName,
    language: t.language,
    previousRating: current?.rating,
    rating,
    source: 'poll',
  });
}
