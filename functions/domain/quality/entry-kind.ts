import type { Comparison } from './compare.js';
import { phoneGuidance, templateGuidance, type Guidance } from './guidance.js';
import { ratingRank, tierRank, type QualityEntry, type SubjectType } from './model.js';

/**
 * What one stored history entry was, for a chart's markers and a table's "event" column, and the
 * guidance for the state it led to. Derived from the entry alone (it keeps its predecessor's rating
 * and limit), so old entries get it too.
 */
export type EntryKind = 'flagged' | 'unflagged' | 'downgrade' | 'upgrade' | 'observed';

export function entryKind(e: Pick<QualityEntry, 'event' | 'rating' | 'previousRating' | 'currentLimit' | 'previousLimit'>): EntryKind {
  const event = e.event?.toUpperCase();
  if (event === 'FLAGGED') return 'flagged';
  if (event === 'UNFLAGGED') return 'unflagged';
  const r0 = ratingRank(e.previousRating);
  const r1 = ratingRank(e.rating);
  const t0 = tierRank(e.previousLimit);
  const t1 = tierRank(e.currentLimit);
  const down = (r0 !== undefined && r1 !== undefined && r1 < r0) || (t0 !== undefined && t1 !== undefined && t1 < t0) || event === 'DOWNGRADE';
  const up = (r0 !== undefined && r1 !== undefined && r1 > r0) || (t0 !== undefined && t1 !== undefined && t1 > t0) || event === 'UPGRADE' || event === 'THROUGHPUT_UPGRADE';
  return down ? 'downgrade' : up ? 'upgrade' : 'observed';
}

/** What a steady rating means, when no alert applies (Meta: "Quality rating"). */
const RATING_STATE: Record<string, Pick<Guidance, 'severity' | 'meaning' | 'actions'>> = {
  GREEN: { severity: 'info', meaning: 'High quality: recipients engage and rarely block or report.', actions: ['Keep sending relevant, expected messages to opted-in customers.'] },
  YELLOW: {
    severity: 'warning',
    meaning: 'Medium quality: more recipients block or report messages than before. A further drop to Low flags the number and stops limit increases.',
    actions: ['Look at the templates sent most in the last 7 days and slow down the one with the most blocks.', 'Send only to customers who opted in; lower the frequency.'],
  },
  RED: {
    severity: 'critical',
    meaning: 'Low quality: many recipients block or report messages; the number is flagged and its messaging limit may be lowered.',
    actions: ['Pause business-initiated campaigns from this number.', 'Fix targeting and content before resuming.'],
  },
};

export function entryGuidance(
  e: QualityEntry,
  subject: SubjectType,
): { kind: EntryKind; guidance: (Pick<Guidance, 'severity' | 'meaning' | 'actions'> & { alert?: Guidance['kind'] }) | null } {
  const kind = entryKind(e);
  const comparison: Comparison = {
    entry: e,
    direction: kind === 'downgrade' || kind === 'flagged' ? 'downgraded' : kind === 'upgrade' || kind === 'unflagged' ? 'upgraded' : 'unchanged',
    reasons: [],
    tierChanged: tierRank(e.previousLimit) !== undefined && tierRank(e.currentLimit) !== undefined && e.previousLimit !== e.currentLimit,
    flaggedNow: kind === 'flagged',
  };
  const alert = subject === 'phone' ? phoneGuidance(comparison) : templateGuidance(comparison);
  if (alert) return { kind, guidance: { alert: alert.kind, severity: alert.severity, meaning: alert.meaning, actions: alert.actions } };
  const state = e.rating ? RATING_STATE[e.rating.toUpperCase()] : undefined;
  return { kind, guidance: state ?? null };
}
