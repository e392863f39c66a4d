import { describe, expect, it } from 'vitest';
import { compareWithPrevious } from '../../../functions/domain/quality/compare.js';
import type { QualityEntry, QualityObservation } from '../../../functions/domain/quality/model.js';
import { correctionsAfter } from '../../../functions/domain/quality/record-change.js';

/** What a late statement corrects after it, decided without a store (record-change.ts applies it). */
const subject = { type: 'phone' as const, id: '106540352242922' };
const observed = (second: number, fields: Partial<QualityObservation>): QualityObservation => ({
  subject,
  eventId: `e${second}`,
  occurredAt: `2026-02-03T10:00:0${second}.000Z`,
  receivedAt: `2026-02-03T10:00:0${second}.000Z`,
  source: 'webhook',
  ...fields,
});
/** Entries as recorded one after another, each compared with the one before it in time. */
function recordedInOrder(observations: QualityObservation[]): QualityEntry[] {
  const entries: QualityEntry[] = [];
  for (const obs of observations) entries.push({ ...compareWithPrevious(obs, entries.at(-1)).entry, recordedAt: obs.receivedAt });
  return entries;
}

describe('corrections after a late statement', () => {
  const read = (second: number, rating: string) => observed(second, { event: 'RATING_POLLED', rating, source: 'poll' });
  const downgrade = (second: number, currentLimit: string) => observed(second, { event: 'DOWNGRADE', currentLimit });

  it('the change after a late read carries its rating and has it as its previous rating; the one after that gets only its previous rating', () => {
    const [before, webhook, nextRead] = recordedInOrder([read(0, 'GREEN'), downgrade(2, 'TIER_250'), read(3, 'YELLOW')]);
    const late = { ...compareWithPrevious(read(1, 'YELLOW'), before).entry, recordedAt: '' };

    expect(correctionsAfter(late, [webhook!, nextRead!])).toEqual([
      { target: webhook, patch: { rating: 'YELLOW', flagged: false, ratingFrom: late.ratingFrom, previousRating: 'YELLOW' } },
      { target: nextRead, patch: { previousRating: 'YELLOW' } },
    ]);
  });

  it('the corrected history equals the history recorded in order', () => {
    const inOrder = recordedInOrder([read(0, 'GREEN'), read(1, 'YELLOW'), downgrade(2, 'TIER_250'), read(3, 'YELLOW')]);
    const [before, webhook, nextRead] = recordedInOrder([read(0, 'GREEN'), downgrade(2, 'TIER_250'), read(3, 'YELLOW')]);
    const late = { ...compareWithPrevious(read(1, 'YELLOW'), before).entry, recordedAt: '' };
    const corrected = [webhook!, nextRead!].map((e) => ({ ...e, ...correctionsAfter(late, [webhook!, nextRead!]).find((c) => c.target === e)?.patch }));

    expect(corrected).toEqual(inOrder.slice(2));
  });

  it('nothing to correct when the late change states what the later ones already had before them', () => {
    const [before, after] = recordedInOrder([read(0, 'GREEN'), read(2, 'RED')]);
    const late = { ...compareWithPrevious(read(1, 'GREEN'), before).entry, recordedAt: '' };

    expect(correctionsAfter(late, [after!])).toEqual([]);
  });
});
