import { describe, expect, it } from 'vitest';
import { positionCursor } from '../../../functions/adapters/dynamodb/newest-first.js';

class BadCursor extends Error {}
const days = positionCursor('day', /^\d{4}-\d{2}-\d{2}$/, () => new BadCursor('not ours'));
const months = positionCursor('part', /^(\d{4}-\d{2}|customer)$/, () => new BadCursor('not ours'));
const text = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe("a listing's cursor", () => {
  it('is base64url JSON of the partition under its own field name and the key to resume after', () => {
    const at = { part: '2026-02-01', key: { pk: 'MSG#1', sk: 'META', gsi1pk: 'PHONEDAY#p#2026-02-01', gsi1sk: '2026-02-01T10:00:00.000Z#1' } };
    const cursor = days.encode(at);
    expect(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))).toEqual({ day: '2026-02-01', key: at.key });
    expect(days.decode(cursor)).toEqual(at);
    expect(months.decode(months.encode({ part: 'customer' }))).toEqual({ part: 'customer', key: undefined });
  });

  it("refuses what is not JSON, a partition of another listing's shape, and a cursor without one", () => {
    expect(() => days.decode('nope')).toThrow(BadCursor);
    expect(() => days.decode(text({ day: '2026-02' }))).toThrow(BadCursor);
    expect(() => months.decode(text({ part: '2026-02-01' }))).toThrow(BadCursor);
    expect(() => days.decode(text({ part: '2026-02-01' }))).toThrow(BadCursor);
    expect(() => days.decode(text(null))).toThrow(BadCursor);
  });
});
