import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TemplateQualityChangedDetail } from '../../../events/index.js';
import { observationFromTemplateEvent, recordQualityChange } from '../../../functions/domain/quality/record-change.js';
import { templateChange } from '../../fixtures/quality/events.js';
import { qualityTestStore } from './test-store.js';
import { chainChanges, sameSecondChain } from './arrivals.js';

/** Template score changes Meta dates to the same second: ordered by their previous→new chain, not by event id. */
const quality = qualityTestStore();
let n = 0;
const now = new Date('2026-03-01T00:00:00Z');
const SECOND = '2026-02-02T10:00:00Z';

const record = (templateId: string, at: string, previousRating: string | undefined, rating: string) =>
  recordQualityChange(quality.store, observationFromTemplateEvent(TemplateQualityChangedDetail.parse(templateChange({ templateId, at, previousRating, rating }))), now);

describe('same-second template quality changes', () => {
  it('a YELLOW→RED drop that arrives before the GREEN→YELLOW of the same second stays current and keeps its alert', async () => {
    const id = `tpl-drop-${++n}`;
    // By event id alone (`tplq:<id>:YELLOW:…` sorts after `tplq:<id>:RED:…`) the GREEN→YELLOW change would win the tie.
    const drop = await record(id, SECOND, 'YELLOW', 'RED');
    const first = await record(id, SECOND, 'GREEN', 'YELLOW');

    expect(drop).toMatchObject({ outcome: 'recorded', direction: 'downgraded' });
    expect(drop.alertEvent?.detail).toMatchObject({ kind: 'template_low_quality' });
    expect(first.outcome).toBe('recorded-late');
    expect(first.directionEvent).toBeUndefined();
    expect((await quality.store.getCurrent({ type: 'template', id }))?.rating).toBe('RED');
  });

  it('whatever order a same-second chain arrives in, the stored score is the chain’s last (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        sameSecondChain(1).chain((scores) => {
          const changes = chainChanges(scores);
          return fc.tuple(fc.constant(scores), fc.shuffledSubarray(changes, { minLength: changes.length, maxLength: changes.length }));
        }),
        async ([scores, arrival]) => {
          const id = `tpl-chain-${++n}`;
          // The score held before the second, from an earlier change.
          await record(id, '2026-02-01T00:00:00Z', undefined, scores[0]!);
          for (const c of arrival) await record(id, SECOND, c.previous, c.rating);
          expect((await quality.store.getCurrent({ type: 'template', id }))?.rating).toBe(scores.at(-1));
        },
      ),
      { numRuns: 25 },
    );
  });
});
