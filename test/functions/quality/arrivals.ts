import fc from 'fast-check';
import { ratingChangeEvent } from '../../../functions/domain/quality/observe.js';
import { phoneChange } from '../../fixtures/quality/events.js';

/** Quality changes as they reach the recorder, and the arrival orders the property tests draw. */
type PhoneDetail = ReturnType<typeof phoneChange>;

/** A rating read from EUM (what the poll records): the only phone change that states a rating. */
export const polledRead = (phoneNumberId: string, rating: string, at: string) =>
  ratingChangeEvent({ metaPhoneNumberId: phoneNumberId, qualityRating: rating }, undefined, new Date(at))!.detail as PhoneDetail;

/** Meta's phone_number_quality_update: an event and the messaging limit, never a rating. */
export const phoneWebhook = (phoneNumberId: string, event: string, currentLimit: string, at: string, previousLimit?: string) => ({
  ...phoneChange({ event, at, currentLimit, previousLimit }),
  phoneNumberId,
  eventId: `phq:${phoneNumberId}:${event}:${currentLimit}:${at}`,
});

/** Reads and limit webhooks over a few seconds, with an order they arrive in. */
export function readsAndWebhooks(minLength: number) {
  const change = fc.oneof(
    fc.record({ kind: fc.constant('read' as const), second: fc.integer({ min: 0, max: 5 }), value: fc.constantFrom('GREEN', 'YELLOW', 'RED') }),
    fc.record({ kind: fc.constant('webhook' as const), second: fc.integer({ min: 0, max: 5 }), value: fc.constantFrom('TIER_50', 'TIER_250', 'TIER_1K') }),
  );
  // One change of a kind per second: a second read or webhook in the same second would be another event id, not a conflict.
  const changes = fc.uniqueArray(change, { minLength, maxLength: 6, selector: (c) => `${c.kind}:${c.second}` });
  return changes.chain((cs) => fc.tuple(fc.constant(cs), fc.shuffledSubarray(cs, { minLength: cs.length, maxLength: cs.length })));
}

/**
 * A template's same-second chain s0→s1→…→sk (at least `minChanges` changes): consecutive scores differ,
 * and each new score appears once (Meta's event id is template + new score + second, so a repeated one
 * would be the same event).
 */
export function sameSecondChain(minChanges: number) {
  const SCORES = ['GREEN', 'YELLOW', 'RED', 'UNKNOWN'];
  return fc
    .tuple(fc.constantFrom(...SCORES), fc.shuffledSubarray(SCORES, { minLength: minChanges, maxLength: SCORES.length }))
    .filter(([start, next]) => next[0] !== start)
    .map(([start, next]) => [start, ...next]);
}

/** The changes of a chain of scores, each from the one before. */
export const chainChanges = (scores: string[]) => scores.slice(1).map((rating, i) => ({ previous: scores[i]!, rating }));
