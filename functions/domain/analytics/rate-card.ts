import * as z from 'zod';
import bundledRateCard from '../../../config/rate-card.json' with { type: 'json' };

/**
 * The rate card (config/rate-card.json): user-editable, versioned and dated. Rates are integer
 * micros (millionths of the currency unit) per delivered message, because per-message prices are
 * fractions of a cent; totals are reported in micros and in minor units (cents, rounded half up).
 */
const micros = z.number().int().nonnegative();
export const RateCardSchema = z.object({
  version: z.string().min(1),
  effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'),
  status: z.enum(['example', 'official']),
  currency: z.string().length(3),
  source: z.string(),
  howToUpdate: z.array(z.string()).optional(),
  markets: z
    .array(
      z.object({
        market: z.string().min(1),
        name: z.string(),
        callingCodes: z.array(z.string().regex(/^\d{1,3}$/, 'a country calling code has 1–3 digits')),
        default: z.boolean().optional(),
        rates: z.record(z.string(), micros),
      }),
    )
    .refine((ms) => ms.filter((m) => m.default).length === 1, 'exactly one market must be "default": true'),
});
export type RateCard = z.infer<typeof RateCardSchema>;

export function loadRateCard(raw: unknown = bundledRateCard): RateCard {
  return RateCardSchema.parse(raw);
}

/** Market of a recipient from the first digits of its wa_id (longest calling-code prefix wins). */
export function marketOf(card: RateCard, digits: string): RateCard['markets'][number] {
  let best: RateCard['markets'][number] | undefined;
  let bestLength = 0;
  for (const m of card.markets) {
    for (const code of m.callingCodes) {
      if (digits.startsWith(code) && code.length > bestLength) {
        best = m;
        bestLength = code.length;
      }
    }
  }
  return best ?? card.markets.find((m) => m.default)!;
}

export interface CostEstimate {
  currency: string;
  totalMicros: number;
  totalMinor: number;
  lines: { market: string; category: string; messages: number; rateMicros: number; amountMicros: number }[];
  /** Categories with no rate in the card: counted, not priced. */
  unpriced: { market: string; category: string; messages: number }[];
  rateCard: { version: string; effectiveFrom: string; status: string; source: string };
}

/** Prices the `category|prefix` counts of chargeable delivered messages with the card. */
export function estimateCost(charged: Record<string, number>, card: RateCard): CostEstimate {
  const byLine = new Map<string, { market: string; category: string; messages: number; rateMicros?: number }>();
  for (const [key, n] of Object.entries(charged)) {
    const [category = 'unknown', prefix = ''] = key.split('|');
    const market = marketOf(card, prefix);
    const id = `${market.market}|${category}`;
    const line = byLine.get(id) ?? { market: market.market, category, messages: 0, rateMicros: market.rates[category] };
    line.messages += n;
    byLine.set(id, line);
  }
  const lines: CostEstimate['lines'] = [];
  const unpriced: CostEstimate['unpriced'] = [];
  for (const l of [...byLine.values()].sort((a, b) => (a.market + a.category).localeCompare(b.market + b.category))) {
    if (l.rateMicros === undefined) unpriced.push({ market: l.market, category: l.category, messages: l.messages });
    else lines.push({ market: l.market, category: l.category, messages: l.messages, rateMicros: l.rateMicros, amountMicros: l.messages * l.rateMicros });
  }
  const totalMicros = lines.reduce((a, l) => a + l.amountMicros, 0);
  return {
    currency: card.currency,
    totalMicros,
    totalMinor: Math.floor((totalMicros + 5_000) / 10_000),
    lines,
    unpriced,
    rateCard: { version: card.version, effectiveFrom: card.effectiveFrom, status: card.status, source: card.source },
  };
}
