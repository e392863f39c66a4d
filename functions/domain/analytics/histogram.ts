/**
 * Mergeable latency histogram with fixed, log-spaced buckets (the same bounds everywhere, so two
 * histograms merge by adding counts: rollups of days combine into exact histograms of ranges; no
 * "average of averages").
 *
 * Bounds: bucket 0 holds 0 ms (same-second webhooks are common: Meta timestamps have 1 s resolution);
 * bucket i ≥ 1 holds [1.1^(i-1), 1.1^i) ms, up to 7 days (213 buckets); the last bucket holds ≥ 7 days.
 * A percentile is reported as the geometric middle of the bucket holding the nearest-rank value,
 * so it is within ±4.9 % (√1.1 − 1) of the exact nearest-rank percentile, for latencies from 1 ms
 * to 7 days; 0 is exact; beyond 7 days the answer is "≥ 7 days" (the bucket's lower bound).
 * Storage is sparse ({ bucketIndex: count }), so a day's histogram is a few dozen numbers.
 */
export const GROWTH = 1.1;
export const MAX_MS = 7 * 24 * 3600 * 1000;
const LN = Math.log(GROWTH);
export const OVERFLOW_INDEX = Math.ceil(Math.log(MAX_MS) / LN) + 1;
/** Relative error bound of a reported percentile (values in [1 ms, 7 days]). */
export const RELATIVE_ERROR = Math.sqrt(GROWTH) - 1;

/** Sparse counts by bucket index (string keys: stored as a DynamoDB map). */
export type Histogram = Record<string, number>;

export function bucketOf(ms: number): number {
  if (!(ms >= 1)) return 0; // 0, sub-millisecond, negative clock skew, NaN
  if (ms >= MAX_MS) return OVERFLOW_INDEX;
  // floor(log_1.1(ms)) + 1, nudged for floating-point error at exact bucket bounds
  let i = Math.floor(Math.log(ms) / LN) + 1;
  if (ms < lowerBound(i)) i -= 1;
  else if (ms >= lowerBound(i + 1)) i += 1;
  return Math.min(i, OVERFLOW_INDEX);
}

function lowerBound(i: number): number {
  return i <= 0 ? 0 : GROWTH ** (i - 1);
}

/** The value reported for a bucket: its geometric middle (0 for bucket 0, the lower bound for overflow). */
export function representative(i: number): number {
  if (i <= 0) return 0;
  if (i >= OVERFLOW_INDEX) return MAX_MS;
  return GROWTH ** (i - 0.5);
}

export function record(h: Histogram, ms: number): void {
  const k = String(bucketOf(ms));
  h[k] = (h[k] ?? 0) + 1;
}

export function merge(into: Histogram, other: Histogram | undefined): Histogram {
  for (const [k, n] of Object.entries(other ?? {})) into[k] = (into[k] ?? 0) + n;
  return into;
}

export function count(h: Histogram): number {
  return Object.values(h).reduce((a, b) => a + b, 0);
}

/** Nearest-rank percentile (p in (0, 1]) in milliseconds, or null when empty. */
export function percentile(h: Histogram, p: number): number | null {
  const n = count(h);
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(p * n));
  let seen = 0;
  for (const i of Object.keys(h)
    .map(Number)
    .sort((a, b) => a - b)) {
    seen += h[String(i)]!;
    if (seen >= rank) return Math.round(representative(i));
  }
  return Math.round(representative(OVERFLOW_INDEX));
}
