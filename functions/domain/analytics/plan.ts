import * as z from 'zod';
import { addDays, DAY_RE, dayOf, daysBetween } from './days.js';

export const MAX_BACKFILL_DAYS = 400;

/**
 * Bounds of one AnalyticsRollup run (MAX_PHONES_PER_RUN × MAX_BACKFILL_DAYS units at most), so no
 * execution reaches a Step Functions limit (256 KiB of state, 25,000 history events): the parent
 * plans pages of at most ROLLUP_PAGE_SIZE (phone number × day) units and runs each page as a child
 * execution. The arithmetic: state-machines/README.md, "AnalyticsRollup bounds".
 */
export const ROLLUP_PAGE_SIZE = 500;
export const MAX_PHONES_PER_RUN = 1_000;
export const MAX_UNITS_PER_RUN = MAX_PHONES_PER_RUN * MAX_BACKFILL_DAYS;

export interface RollupUnit {
  runId: string;
  phoneNumberId: string;
  day: string;
}

/** The pages of a run of `total` units: `[offset, offset + limit)` in phone-major order. */
export function pagesOf(total: number, pageSize = ROLLUP_PAGE_SIZE): { offset: number; limit: number }[] {
  const pages: { offset: number; limit: number }[] = [];
  for (let offset = 0; offset < total; offset += pageSize) pages.push({ offset, limit: Math.min(pageSize, total - offset) });
  return pages;
}

/** Units `[offset, offset + limit)` of the (phone × day) grid, phone-major: the same order every time. */
export function unitsOf(run: { runId: string; phoneNumberIds: string[]; days: string[] }, offset: number, limit: number): RollupUnit[] {
  const total = run.phoneNumberIds.length * run.days.length;
  const units: RollupUnit[] = [];
  for (let i = offset; i < Math.min(total, offset + limit); i++) {
    units.push({ runId: run.runId, phoneNumberId: run.phoneNumberIds[Math.floor(i / run.days.length)]!, day: run.days[i % run.days.length]! });
  }
  return units;
}

/** Refuses a run past the bounds above, naming the field and the limit. */
export function checkRunSize(phones: number, days: number): void {
  if (phones > MAX_PHONES_PER_RUN)
    throw new RollupRangeError(`phoneNumberIds: at most ${MAX_PHONES_PER_RUN} phone numbers per run (asked ${phones}); split them over several runs`);
  if (days > MAX_BACKFILL_DAYS) throw new RollupRangeError(`from/to: at most ${MAX_BACKFILL_DAYS} days per run (asked ${days})`);
}

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
