import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketOf, MAX_MS, merge, percentile, record, RELATIVE_ERROR, type Histogram } from '../../../functions/domain/analytics/histogram.js';

const exact = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.max(1, Math.ceil(p * values.length)) - 1]!;
const histogramOf = (values: number[]) => {
  const h: Histogram = {};
  for (const v of values) record(h, v);
  return h;
};
const latency = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: MAX_MS - 1 }));

describe('fixed-bucket latency histogram', () => {
  it('reports nearest-rank percentiles within the documented relative error', () => {
    fc.assert(
      fc.property(fc.array(latency, { minLength: 1, maxLength: 300 }), fc.constantFrom(0.5, 0.9, 0.95, 0.99), (values, p) => {
        const want = exact(values, p);
        const got = percentile(histogramOf(values), p)!;
        expect(Math.abs(got - want)).toBeLessThanOrEqual(want * RELATIVE_ERROR + 0.5);
      }),
    );
  });

  it('merging histograms of parts equals the histogram of the whole (days combine exactly)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(latency, { maxLength: 50 }), { maxLength: 6 }), (parts) => {
        const merged = parts.reduce<Histogram>((acc, part) => merge(acc, histogramOf(part)), {});
        expect(merged).toEqual(histogramOf(parts.flat()));
      }),
    );
  });

  it('puts every value in the bucket whose bounds hold it, 0 exactly and overflow at 7 days', () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(-5)).toBe(0);
    expect(bucketOf(MAX_MS)).toBe(bucketOf(MAX_MS * 10));
    for (const v of [1, 1.1, 1.21, 999, 1000, 60_000, 3_600_000]) {
      const i = bucketOf(v);
      expect(v).toBeGreaterThanOrEqual(1.1 ** (i - 1) - 1e-9);
      expect(v).toBeLessThan(1.1 ** i + 1e-9);
    }
    expect(percentile({}, 0.5)).toBeNull();
  });
});
