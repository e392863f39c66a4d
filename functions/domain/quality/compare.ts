import { normalizeRating, positionOf, ratingRank, tierRank, type QualityEntry, type QualityObservation } from './model.js';

export type Direction = 'downgraded' | 'upgraded' | 'unchanged';

export interface Comparison {
  entry: Omit<QualityEntry, 'recordedAt'>;
  direction: Direction;
  /** Why: e.g. `rating GREEN→RED`, `limit TIER_1K→TIER_250`, `event FLAGGED`. */
  reasons: string[];
  tierChanged: boolean;
  flaggedNow: boolean;
}

const DOWN_EVENTS = new Set(['FLAGGED', 'DOWNGRADE']);
const UP_EVENTS = new Set(['UNFLAGGED', 'UPGRADE', 'THROUGHPUT_UPGRADE']);

/**
 * Compares one observation with the entry just before it in time (not with "current": a change
 * that arrives late is compared with what preceded it when it happened).
 */
export function compareWithPrevious(obs: QualityObservation, previous: QualityEntry | undefined): Comparison {
  const event = obs.event?.toUpperCase();
  // FLAGGED means the rating reached "low"; UNFLAGGED says it is no longer low, not which level it is.
  const statedRating = normalizeRating(obs.rating) ?? (event === 'FLAGGED' ? 'RED' : undefined);
  const previousRating = previous?.rating ?? normalizeRating(obs.reportedPreviousRating);
  const previousLimit = previous?.currentLimit ?? obs.reportedPreviousLimit;
  const rating = statedRating ?? (event === 'UNFLAGGED' ? undefined : previous?.rating);
  const currentLimit = obs.currentLimit ?? previous?.currentLimit;
  const flagged = event === 'FLAGGED' ? true : event === 'UNFLAGGED' ? false : statedRating ? statedRating === 'RED' : previous?.flagged;
  const ratingFrom = statedRating !== undefined || event === 'UNFLAGGED' ? positionOf(obs) : previous?.ratingFrom;
  const limitFrom = obs.currentLimit !== undefined ? positionOf(obs) : previous?.limitFrom;

  let down = false;
  let up = false;
  const reasons: string[] = [];
  const r0 = ratingRank(previousRating);
  const r1 = ratingRank(statedRating);
  if (r0 !== undefined && r1 !== undefined && r0 !== r1) {
    reasons.push(`rating ${previousRating}→${statedRating}`);
    if (r1 < r0) down = true;
    else up = true;
  }
  const t0 = tierRank(previousLimit);
  const t1 = tierRank(obs.currentLimit);
  const tierChanged = t0 !== undefined && t1 !== undefined && t0 !== t1;
  if (tierChanged) {
    reasons.push(`limit ${previousLimit}→${obs.currentLimit}`);
    if (t1! < t0!) down = true;
    else up = true;
  }
  if (event && DOWN_EVENTS.has(event) && !(event === 'FLAGGED' && previous?.flagged === true)) {
    reasons.push(`event ${event}`);
    down = true;
  }
  if (event && UP_EVENTS.has(event) && !(event === 'UNFLAGGED' && previous?.flagged === false)) {
    reasons.push(`event ${event}`);
    up = true;
  }
  const direction: Direction = down ? 'downgraded' : up ? 'upgraded' : 'unchanged';
  return {
    entry: { ...obs, rating, currentLimit, previousRating, previousLimit, flagged, ratingFrom, limitFrom },
    direction,
    reasons,
    tierChanged: tierChanged || ((event === 'DOWNGRADE' || event === 'UPGRADE') && obs.currentLimit !== undefined && obs.currentLimit !== previousLimit),
    flaggedNow: event === 'FLAGGED',
  };
}
