import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PhoneQualityChangedDetail } from '../../../events/index.js';
import { observationFromPhoneEvent, recordQualityChange } from '../../../functions/domain/quality/record-change.js';
import { PHONE_ID, type phoneChange } from '../../fixtures/quality/events.js';
import { phoneWebhook, polledRead, readsAndWebhooks } from './arrivals.js';
import { qualityTestStore } from './test-store.js';

/**
 * Meta's phone_number_quality_update names the messaging limit, never the rating (shared fixture
 * phone-number-quality-update-throughput-upgrade); the rating is read from EUM. Current holds the
 * latest statement of each, whatever order the webhook and the read are recorded in.
 */
const quality = qualityTestStore();
let n = 0;
const now = new Date('2026-03-01T00:00:00Z');

const record = (detail: ReturnType<typeof phoneChange>) => recordQualityChange(quality.store, observationFromPhoneEvent(PhoneQualityChangedDetail.parse(detail)), now);

describe('current quality of a phone number', () => {
  it('a rating read from EUM in the second of a DOWNGRADE webhook, recorded after it, is the current rating', async () => {
    const id = `${PHONE_ID}-read-${++n}`;
    await record(polledRead(id, 'GREEN', '2026-02-01T10:00:00.000Z'));
    // The demo's order: the webhook (limit only) first, then the operator's read of EUM in the same second.
    await record(phoneWebhook(id, 'DOWNGRADE', 'TIER_250', '2026-02-02T10:00:00.000Z'));
    await record(polledRead(id, 'YELLOW', '2026-02-02T10:00:00.700Z'));

    expect(await quality.store.getCurrent({ type: 'phone', id })).toMatchObject({ event: 'DOWNGRADE', rating: 'YELLOW', currentLimit: 'TIER_250', flagged: false });
  });

  it('a DOWNGRADE webhook delivered after a later read keeps the read rating and brings its limit', async () => {
    const id = `${PHONE_ID}-slow-${++n}`;
    await record(phoneWebhook(id, 'ONBOARDING', 'TIER_1K', '2026-02-01T10:00:00.000Z'));
    await record(polledRead(id, 'YELLOW', '2026-02-02T10:00:05.000Z'));
    await record(phoneWebhook(id, 'DOWNGRADE', 'TIER_250', '2026-02-02T10:00:00.000Z'));

    expect(await quality.store.getCurrent({ type: 'phone', id })).toMatchObject({ event: 'RATING_POLLED', rating: 'YELLOW', currentLimit: 'TIER_250' });
  });

  it('whatever order reads and webhooks are recorded in, current has the latest rating read and the latest limit (property)', async () => {
    await fc.assert(
      fc.asyncProperty(readsAndWebhooks(1), async ([cs, arrival]) => {
        const id = `${PHONE_ID}-prop-${++n}`;
        const at = (second: number) => new Date(Date.UTC(2026, 1, 3, 10, 0, second)).toISOString();
        for (const c of arrival) await record(c.kind === 'read' ? polledRead(id, c.value, at(c.second)) : phoneWebhook(id, 'DOWNGRADE', c.value, at(c.second)));
        // Within a second a read sorts before the webhook (`phq-poll:` < `phq:`), as the history orders them.
        const latest = (kind: 'read' | 'webhook') =>
          cs
            .filter((c) => c.kind === kind)
            .sort((a, b) => a.second - b.second)
            .at(-1)?.value;
        const current = await quality.store.getCurrent({ type: 'phone', id });
        expect(current?.rating).toBe(latest('read'));
        expect(current?.currentLimit).toBe(latest('webhook'));
      }),
      { numRuns: 30, endOnFailure: true },
    );
  });
});
