import type { StoredMessage } from '../../ports/message-store.js';
import { aggregateDay, type DayAggregate } from './aggregate.js';
import { addDays, daysBetween } from './days.js';
import type { AnalyticsStore, DayMessageSource } from '../../ports/analytics.js';

/**
 * Per-day aggregates for phone numbers over a range: closed days (before `today`) come from stored
 * rollups (one query per phone number), today and any closed day without a rollup are aggregated live
 * from the raw message items. Sources are counted so callers can see which was used.
 */
export interface DaySlice {
  phoneNumberId: string;
  day: string;
  source: 'rollup' | 'live';
  aggregate: DayAggregate;
}

export class AnalyticsEngine {
  private readonly dayCache = new Map<string, Promise<StoredMessage[]>>();

  constructor(
    private readonly messages: DayMessageSource,
    private readonly store: AnalyticsStore,
  ) {}

  async slices(phoneNumberIds: string[], from: string, to: string, today: string, opts: { preferLive?: boolean } = {}): Promise<DaySlice[]> {
    const out: DaySlice[] = [];
    for (const phone of phoneNumberIds) {
      const rollups = opts.preferLive ? new Map<string, DayAggregate>() : await this.store.getRollups(phone, from, to);
      for (const day of daysBetween(from, to)) {
        const stored = day < today ? rollups.get(day) : undefined;
        if (stored) out.push({ phoneNumberId: phone, day, source: 'rollup', aggregate: stored });
        else out.push({ phoneNumberId: phone, day, source: 'live', aggregate: await this.live(phone, day) });
      }
    }
    return out;
  }

  /** Live aggregation of one day (reads the day before and after for windows and replies). */
  async live(phoneNumberId: string, day: string): Promise<DayAggregate> {
    const [previousDay, messages, nextDay] = await Promise.all([
      this.load(phoneNumberId, addDays(day, -1)),
      this.load(phoneNumberId, day),
      this.load(phoneNumberId, addDays(day, 1)),
    ]);
    return aggregateDay({ day, messages, previousDay, nextDay });
  }

  /** Rolls one closed day up into its rollup item (idempotent overwrite). */
  async rollup(phoneNumberId: string, day: string): Promise<{ messages: number }> {
    const aggregate = await this.live(phoneNumberId, day);
    const messages = aggregate.counts.outbound + aggregate.counts.inbound;
    await this.store.putRollup(phoneNumberId, day, aggregate, messages);
    await this.store.registerPhone(phoneNumberId);
    return { messages };
  }

  private load(phone: string, day: string): Promise<StoredMessage[]> {
    const key = `${phone}|${day}`;
    let hit = this.dayCache.get(key);
    if (!hit) {
      hit = this.messages.listMessagesForDay(phone, day);
      this.dayCache.set(key, hit);
    }
    return hit;
  }
}
