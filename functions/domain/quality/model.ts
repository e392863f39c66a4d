/**
 * Quality history model: a phone number's or template's rating and messaging-limit tier over time.
 *
 * Meta's `phone_number_quality_update` webhook names an event (FLAGGED, UNFLAGGED, UPGRADE,
 * DOWNGRADE, THROUGHPUT_UPGRADE, ONBOARDING) and the messaging-limit tier, but no rating; the
 * rating itself (GREEN/YELLOW/RED/UNKNOWN) comes from EUM's GetLinkedWhatsAppBusinessAccountPhoneNumber
 * (`qualityRating`) and from `message_template_quality_update` for templates. Each entry keeps what it
 * said and the effective state (missing fields inherited from the entry before it in time).
 */
export type SubjectType = 'phone' | 'template';
export type QualitySource = 'webhook' | 'poll';

export interface QualitySubject {
  type: SubjectType;
  /** Meta phone_number_id (what message items are keyed by) or Meta template id. */
  id: string;
}

/** One change as observed, before comparison with the history. */
export interface QualityObservation {
  subject: QualitySubject;
  eventId: string;
  occurredAt: string;
  receivedAt: string;
  source: QualitySource;
  /** Meta's event name (phone) or `QUALITY_SCORE` (template) or `RATING_POLLED`. */
  event?: string;
  rating?: string;
  currentLimit?: string;
  /** The previous limit Meta reported in the webhook (`old_limit`), when any. */
  reportedPreviousLimit?: string;
  /** The previous score Meta reported (template `previous_quality_score`), when any. */
  reportedPreviousRating?: string;
  displayPhoneNumber?: string;
  templateName?: string;
  wabaId?: string;
}

/** A stored history entry: the observation plus the state it leads to and the one before it. */
export interface QualityEntry extends QualityObservation {
  /** Effective rating/limit after this change (inherited from the predecessor when not stated). */
  rating?: string;
  currentLimit?: string;
  previousRating?: string;
  previousLimit?: string;
  flagged?: boolean;
  /**
   * Where the effective rating / limit were stated (`positionOf` of the entry that said them; this
   * entry's own when it did). A phone webhook names no rating, so it carries the last one read.
   */
  ratingFrom?: string;
  limitFrom?: string;
  recordedAt: string;
}

/** Higher is better. UNKNOWN / NA are not comparable. */
const RATING_RANK: Record<string, number> = { RED: 1, LOW: 1, YELLOW: 2, MEDIUM: 2, GREEN: 3, HIGH: 3 };

/** Messaging-limit tiers in order (business-initiated conversations/unique users per 24 h). */
const TIER_RANK: Record<string, number> = {
  TIER_50: 1,
  TIER_250: 2,
  TIER_1K: 3,
  TIER_2K: 4,
  TIER_10K: 5,
  TIER_100K: 6,
  TIER_UNLIMITED: 7,
};

export const ratingRank = (rating: string | undefined): number | undefined => (rating ? RATING_RANK[rating.toUpperCase()] : undefined);
export const tierRank = (tier: string | undefined): number | undefined => (tier ? TIER_RANK[tier.toUpperCase()] : undefined);

/** Normalizes a rating from any source to GREEN/YELLOW/RED/UNKNOWN-style upper case. */
export function normalizeRating(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = value.trim().toUpperCase();
  return v === '' ? undefined : v;
}

/** An entry's place in the history's time order, as one comparable string (occurredAt is canonical ISO). */
export const positionOf = (e: { occurredAt: string; eventId: string }): string => `${e.occurredAt}#${e.eventId}`;

/** Total order of history entries: occurredAt, then eventId (a deterministic tie-break). */
export function isAfter(a: { occurredAt: string; eventId: string }, b: { occurredAt: string; eventId: string }): boolean {
  return a.occurredAt > b.occurredAt || (a.occurredAt === b.occurredAt && a.eventId > b.eventId);
}

type Chained = { eventId: string; rating?: string; reportedPreviousRating?: string };

/**
 * The change a subject ends on within one second. Meta dates changes to the second and says the
 * score each came from (`previous_quality_score`): a change that starts where another ends follows
 * it, so the last is the one no other follows. A chain that closes on itself ends on the score held
 * before the second (`before`). Only what the chain leaves open is decided by event id.
 */
export function lastOfSecond<E extends Chained>(entries: E[], before?: string): E {
  const followed = (e: E) => entries.some((o) => o !== e && e.rating !== undefined && normalizeRating(o.reportedPreviousRating) === normalizeRating(e.rating));
  const ends = entries.filter((e) => !followed(e));
  const candidates = ends.length ? ends : entries.filter((e) => before !== undefined && normalizeRating(e.rating) === normalizeRating(before));
  return (candidates.length ? candidates : entries).reduce((a, b) => (b.eventId > a.eventId ? b : a));
}
