import * as z from 'zod';
import { addDays, DAY_RE, dayOf, daysBetween } from './days.js';

export const MAX_BACKFILL_DAYS = 400;

/** Input of the AnalyticsRollup state machine: the daily schedule sends `{ mode: 'daily' }`; a backfill a range. */
export const RollupRequestSchema = z
  .object({
    mode: z.enum(['daily', 'range']).default('range'),
    from: z.string().regex(DAY_RE, 'must be a UTC day YYYY-MM-DD').optional(),
    to: z.string().regex(DAY_RE, 'must be a UTC day YYYY-MM-DD').optional(),
    phoneNumberIds: z.array(z.string().min(1)).min(1).optional(),
  })
  .loose();
export type RollupRequest = z.infer<typeof RollupRequestSchema>;

export class RollupRangeError extends Error {
  override readonly name = 'RollupRangeError';
}

/**
 * The closed days to roll up. Daily: yesterday and the day before (a reply within 24 h of a message
 * sent late on day D lands on D+1, so D is rolled up again once D+1 is closed). Range: from..to, closed days only.
 */
export function planDays(req: RollupRequest, now: Date): { from: string; to: string; days: string[] } {
  const yesterday = addDays(dayOf(now), -1);
  if (req.mode === 'daily' && !req.from && !req.to) {
    const from = addDays(yesterday, -1);
    return { from, to: yesterday, days: daysBetween(from, yesterday) };
  }
  const to = req.to ?? yesterday;
  const from = req.from ?? to;
  if (from > to) throw new RollupRangeError(`from: must not be after to (${from} > ${to})`);
  if (to > yesterday) throw new RollupRangeError(`to: must be a closed UTC day, at the latest ${yesterday} (today is aggregated live)`);
  const days = daysBetween(from, to);
  if (days.length > MAX_BACKFILL_DAYS) throw new RollupRangeError(`from/to: at most ${MAX_BACKFILL_DAYS} days per run (asked ${days.length})`);
  return { from, to, days };
}
