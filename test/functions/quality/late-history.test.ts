import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PhoneQualityChangedDetail, TemplateQualityChangedDetail } from '../../../events/index.js';
import { entryKind } from '../../../functions/domain/quality/entry-kind.js';
import { observationFromPhoneEvent, observationFromTemplateEvent, recordQualityChange, type RecordResult } from '../../../functions/domain/quality/record-change.js';
import { PHONE_ID, type phoneChange, templateChange } from '../../fixtures/quality/events.js';
import { qualityTestStore } from './test-store.js';
import { chainChanges, phoneWebhook, polledRead, readsAndWebhooks, sameSecondChain } from './arrivals.js';

/**
 * A rating or limit stated late: the changes after it get the corrected state *and* the state before
 * them (previousRating / previousLimit, which their direction is drawn from), as if recorded in order;
 * a change that becomes current only because another arrived raises its alert, once.
 */
const quality = qualityTestStore();
let n = 0;
const now = new Date('2026-03-01T00:00:00Z');

type PhoneDetail = ReturnType<typeof phoneChange>;
const recordPhone = (detail: PhoneDetail) => recordQualityChange(quality.store, observationFromPhoneEvent(PhoneQualityChangedDetail.parse(detail)), now);
const at = (second: number) => new Date(Date.UTC(2026, 1, 3, 10, 0, second)).toISOString();

/** The history oldest first, as the console's chart reads it: each entry's state, the state before it, and its kind. */
async function history(id: string) {
  const { entries } = await quality.store.listHistory({ subject: { type: 'phone', id }, limit: 100 });
  return entries.reverse().map((e) => ({
    at: e.occurredAt,
    event: e.event,
    rating: e.rating,
    currentLimit: e.currentLimit,
    previousRating: e.previousRating,
    previousLimit: e.previousLimit,
    kind: entryKind(e),
  }));
}

describe('history after a late statement (phone)', () => {
  it('a rating read late becomes the previous rating of the read after it, which is then no upgrade', async () => {
    const id = `${PHONE_ID}-prev-${++n}`;
    await recordPhone(polledRead(id, 'YELLOW', at(0)));
    await recordPhone(polledRead(id, 'GREEN', at(2)));
    // GREEN read at second 1, recorded last: at second 2 the rating was already GREEN.
    await recordPhone(polledRead(id, 'GREEN', at(1)));

    expect(await history(id)).toMatchObject([
      { rating: 'YELLOW', kind: 'observed' },
      { rating: 'GREEN', previousRating: 'YELLOW', kind: 'upgrade' },
      { rating: 'GREEN', previousRating: 'GREEN', kind: 'observed' },
    ]);
    expect(await quality.store.getCurrent({ type: 'phone', id })).toMatchObject({ rating: 'GREEN', previousRating: 'GREEN' });
  });

  it('a webhook carrying a late-read rating shows the downgrade from the rating before the read, not from the one it first carried', async () => {
    const id = `${PHONE_ID}-carry-${++n}`;
    await recordPhone(polledRead(id, 'GREEN', at(0)));
    await recordPhone(phoneWebhook(id, 'DOWNGRADE', 'TIER_250', at(2), 'TIER_1K'));
    await recordPhone(polledRead(id, 'YELLOW', at(3)));
    // YELLOW read at second 1, recorded last: the webhook carries YELLOW, and the read at 3 is YELLOW→YELLOW.
    await recordPhone(polledRead(id, 'YELLOW', at(1)));

    const entries = await history(id);
    expect(entries[1]).toMatchObject({ rating: 'YELLOW', previousRating: 'GREEN', kind: 'downgrade' });
    expect(entries[2]).toMatchObject({ event: 'DOWNGRADE', rating: 'YELLOW', previousRating: 'YELLOW', currentLimit: 'TIER_250' });
    expect(entries[3]).toMatchObject({ rating: 'YELLOW', previousRating: 'YELLOW', previousLimit: 'TIER_250', kind: 'observed' });
    expect(await quality.store.getCurrent({ type: 'phone', id })).toMatchObject({ event: 'RATING_POLLED', previousRating: 'YELLOW', previousLimit: 'TIER_250' });
  });

  it('a limit stated late becomes the previous limit of the change after it and of current', async () => {
    const id = `${PHONE_ID}-limit-${++n}`;
    await recordPhone(phoneWebhook(id, 'ONBOARDING', 'TIER_1K', at(0)));
    await recordPhone(phoneWebhook(id, 'DOWNGRADE', 'TIER_250', at(2), 'TIER_1K'));
    // Meta's own old_limit for the change at 2 would have said TIER_250: the downgrade happened at 1.
    await recordPhone(phoneWebhook(id, 'DOWNGRADE', 'TIER_250', at(1), 'TIER_1K'));

    expect((await history(id))[2]).toMatchObject({ currentLimit: 'TIER_250', previousLimit: 'TIER_250' });
    expect((await quality.store.getCurrent({ type: 'phone', id }))?.previousLimit).toBe('TIER_250');
  });

  it('whatever order reads and webhooks are recorded in, the history’s previous state and kinds are those of the in-order history (property)', async () => {
    await fc.assert(
      fc.asyncProperty(readsAndWebhooks(2), async ([cs, arrival]) => {
        const inOrder = `${PHONE_ID}-ordered-${++n}`;
        const shuffled = `${PHONE_ID}-shuffled-${++n}`;
        const detail = (id: string, c: (typeof cs)[number]) => (c.kind === 'read' ? polledRead(id, c.value, at(c.second)) : phoneWebhook(id, 'DOWNGRADE', c.value, at(c.second)));
        // The history's own order: time, then event id (a read sorts before a webhook of its second).
        const ordered = cs.map((c) => detail(inOrder, c)).sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.eventId.localeCompare(b.eventId));
        for (const d of ordered) await recordPhone(d);
        for (const c of arrival) await recordPhone(detail(shuffled, c));

        expect(await history(shuffled)).toEqual(await history(inOrder));
        const current = await quality.store.getCurrent({ type: 'phone', id: shuffled });
        const currentInOrder = await quality.store.getCurrent({ type: 'phone', id: inOrder });
        expect({ previousRating: current?.previousRating, previousLimit: current?.previousLimit }).toEqual({
          previousRating: currentInOrder?.previousRating,
          previousLimit: currentInOrder?.previousLimit,
        });
      }),
      { numRuns: 30, endOnFailure: true },
    );
  });
});

const recordTemplate = (templateId: string, second: string, previousRating: string | undefined, rating: string) =>
  recordQualityChange(quality.store, observationFromTemplateEvent(TemplateQualityChangedDetail.parse(templateChange({ templateId, at: second, previousRating, rating }))), now);
const alertsOf = (results: RecordResult[]) => results.flatMap((r) => (r.alertEvent ? [(r.alertEvent.detail as { changeEventId: string }).changeEventId] : []));
const SECOND = '2026-02-02T10:00:00Z';

describe('alerts of same-second chains', () => {
  it('a fall to RED that becomes current only when the change before it arrives raises its alert then', async () => {
    const id = `tpl-promote-${++n}`;
    await recordTemplate(id, '2026-02-01T00:00:00Z', undefined, 'GREEN');
    // The chain GREEN→UNKNOWN→YELLOW→RED: start, then end, then middle. Until the chain closes, event id
    // decides between the open ends, and `…:UNKNOWN:…` sorts after `…:RED:…`: the drop waits.
    const start = await recordTemplate(id, SECOND, 'GREEN', 'UNKNOWN');
    const drop = await recordTemplate(id, SECOND, 'YELLOW', 'RED');
    const middle = await recordTemplate(id, SECOND, 'UNKNOWN', 'YELLOW');
    const middleAgain = await recordTemplate(id, SECOND, 'UNKNOWN', 'YELLOW');

    expect(drop.outcome).toBe('recorded-late');
    expect(drop.alertEvent).toBeUndefined();
    expect(middle.outcome).toBe('recorded-late');
    expect((await quality.store.getCurrent({ type: 'template', id }))?.rating).toBe('RED');
    expect(middle.alertEvent?.detail).toMatchObject({ kind: 'template_low_quality', changeEventId: drop.entry.eventId, rating: 'RED' });
    expect(middle.directionEvent?.detailType).toBe('quality.downgraded');
    // Raised once: not by the redelivery that closes nothing new.
    expect(middleAgain.outcome).toBe('duplicate');
    expect(alertsOf([start, drop, middle, middleAgain])).toEqual([drop.entry.eventId]);
  });

  it('a fall to RED announced on its own arrival is not announced again when the chain closes behind it', async () => {
    const id = `tpl-once-${++n}`;
    await recordTemplate(id, '2026-02-01T00:00:00Z', undefined, 'GREEN');
    const drop = await recordTemplate(id, SECOND, 'YELLOW', 'RED');
    const start = await recordTemplate(id, SECOND, 'GREEN', 'UNKNOWN');
    const middle = await recordTemplate(id, SECOND, 'UNKNOWN', 'YELLOW');

    expect(drop.alertEvent).toBeDefined();
    expect((await quality.store.getCurrent({ type: 'template', id }))?.rating).toBe('RED');
    expect(alertsOf([drop, start, middle])).toEqual([drop.entry.eventId]);
  });

  it('whatever order (with redeliveries) a same-second chain arrives in, the fall to RED it ends on alerts exactly once, and no alert repeats (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        sameSecondChain(2).chain((scores) => {
          const changes = chainChanges(scores);
          const deliveries = fc.tuple(fc.constant(changes), fc.subarray(changes)).map(([once, again]) => [...once, ...again]);
          return fc.tuple(
            fc.constant(scores),
            deliveries.chain((ds) => fc.shuffledSubarray(ds, { minLength: ds.length, maxLength: ds.length })),
          );
        }),
        async ([scores, arrival]) => {
          const id = `tpl-alerts-${++n}`;
          await recordTemplate(id, '2026-02-01T00:00:00Z', undefined, scores[0]!);
          const results: RecordResult[] = [];
          for (const c of arrival) results.push(await recordTemplate(id, SECOND, c.previous, c.rating));

          const alerts = alertsOf(results);
          expect(new Set(alerts).size).toBe(alerts.length);
          // The change the chain ends on (current, same-second.test.ts): a fall to RED from the rating it recorded before it.
          const end = (await quality.store.getCurrent({ type: 'template', id }))!;
          expect(end.rating).toBe(scores.at(-1));
          const fallToRed = end.rating === 'RED' && entryKind(end) === 'downgrade';
          expect(alerts.filter((a) => a === end.eventId).length).toBe(fallToRed ? 1 : 0);
        },
      ),
      { numRuns: 80, endOnFailure: true },
    );
  });
});
