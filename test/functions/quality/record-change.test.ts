import { existsSync, readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { PhoneQualityChangedDetail, TemplateQualityChangedDetail } from '../../../events/index.js';
import { DynamoQualityStore } from '../../../functions/adapters/dynamodb/quality-store.js';
import { normalizeMetaEntry } from '../../../functions/domain/ingest/normalize-meta.js';
import { observationFromPhoneEvent, observationFromTemplateEvent, recordQualityChange } from '../../../functions/domain/quality/record-change.js';
import { testTable } from '../../support/test-table.js';
import { PHONE_ID, phoneChange, templateChange } from '../../fixtures/quality/events.js';

const table = testTable();
let store: DynamoQualityStore;
const now = new Date('2026-03-01T00:00:00Z');
const phone = { type: 'phone' as const, id: PHONE_ID };
let tableSeq = 0;

const recordPhone = (d: ReturnType<typeof phoneChange>) => recordQualityChange(store, observationFromPhoneEvent(PhoneQualityChangedDetail.parse(d)), now);

beforeEach(async () => {
  // A fresh subject per test keeps tests independent on one table.
  tableSeq += 1;
  store = new DynamoQualityStore(table.db, table.tableName);
  phone.id = `${PHONE_ID}-${tableSeq}`;
});

function withPhone(d: ReturnType<typeof phoneChange>) {
  return { ...d, phoneNumberId: phone.id, eventId: `${d.eventId}:${phone.id}` };
}

describe('recording quality changes', () => {
  it('a tier downgrade is recorded, becomes current and raises quality.downgraded and a quality.alert with guidance', async () => {
    await recordPhone(withPhone(phoneChange({ event: 'ONBOARDING', at: '2026-02-01T10:00:00Z', currentLimit: 'TIER_1K' })));

    const result = await recordPhone(withPhone(phoneChange({ event: 'DOWNGRADE', at: '2026-02-02T10:00:00Z', currentLimit: 'TIER_250', previousLimit: 'TIER_1K' })));

    expect(result.outcome).toBe('recorded');
    expect(result.direction).toBe('downgraded');
    expect(result.directionEvent?.detailType).toBe('quality.downgraded');
    expect(result.alertEvent?.detailType).toBe('quality.alert');
    expect(result.alertEvent?.detail).toMatchObject({ kind: 'tier_downgraded', previousLimit: 'TIER_1K', currentLimit: 'TIER_250' });
    expect((result.alertEvent!.detail as { actions: string[] }).actions.length).toBeGreaterThan(0);
    expect((await store.getCurrent(phone))?.currentLimit).toBe('TIER_250');
  });

  it('FLAGGED sets the rating to RED and raises a critical alert; UNFLAGGED is an upgrade', async () => {
    await recordPhone(withPhone(phoneChange({ event: 'RATING_POLLED', at: '2026-02-01T00:00:00Z', rating: 'GREEN', source: 'poll' })));

    const flagged = await recordPhone(withPhone(phoneChange({ event: 'FLAGGED', at: '2026-02-03T00:00:00Z', currentLimit: 'TIER_1K' })));
    const unflagged = await recordPhone(withPhone(phoneChange({ event: 'UNFLAGGED', at: '2026-02-05T00:00:00Z', currentLimit: 'TIER_1K' })));

    expect(flagged.direction).toBe('downgraded');
    expect(flagged.entry).toMatchObject({ rating: 'RED', previousRating: 'GREEN', flagged: true });
    expect(flagged.alertEvent?.detail).toMatchObject({ kind: 'flagged', severity: 'critical' });
    expect(unflagged.direction).toBe('upgraded');
    expect(unflagged.directionEvent?.detailType).toBe('quality.upgraded');
    expect(unflagged.alertEvent).toBeUndefined();
  });

  it('an upgrade raises quality.upgraded and an informational tier alert', async () => {
    await recordPhone(withPhone(phoneChange({ event: 'ONBOARDING', at: '2026-02-01T00:00:00Z', currentLimit: 'TIER_250' })));

    const result = await recordPhone(withPhone(phoneChange({ event: 'UPGRADE', at: '2026-02-04T00:00:00Z', currentLimit: 'TIER_1K', previousLimit: 'TIER_250' })));

    expect(result.direction).toBe('upgraded');
    expect(result.directionEvent?.detailType).toBe('quality.upgraded');
    expect(result.alertEvent?.detail).toMatchObject({ kind: 'tier_upgraded', severity: 'info' });
  });

  it('a duplicate webhook (same eventId) writes nothing new and raises nothing', async () => {
    const d = withPhone(phoneChange({ event: 'DOWNGRADE', at: '2026-02-02T10:00:00Z', currentLimit: 'TIER_250', previousLimit: 'TIER_1K' }));
    const first = await recordPhone(d);

    const second = await recordPhone(d);

    expect(first.outcome).toBe('recorded');
    expect(second.outcome).toBe('duplicate');
    expect(second.directionEvent).toBeUndefined();
    expect(second.alertEvent).toBeUndefined();
    expect((await store.listHistory({ subject: phone, limit: 10 })).entries).toHaveLength(1);
  });

  it('an older change arriving late is kept in the history but never becomes current', async () => {
    const older = withPhone(phoneChange({ event: 'UPGRADE', at: '2026-02-01T00:00:00Z', currentLimit: 'TIER_1K', previousLimit: 'TIER_250' }));
    const newer = withPhone(phoneChange({ event: 'DOWNGRADE', at: '2026-02-03T00:00:00Z', currentLimit: 'TIER_250', previousLimit: 'TIER_1K' }));
    await recordPhone(newer);

    const late = await recordPhone(older);

    expect(late.outcome).toBe('recorded-late');
    expect(late.directionEvent).toBeUndefined();
    expect(late.alertEvent).toBeUndefined();
    const current = await store.getCurrent(phone);
    expect(current).toMatchObject({ eventId: newer.eventId, currentLimit: 'TIER_250' });
    const history = await store.listHistory({ subject: phone, limit: 10 });
    expect(history.entries.map((e) => e.occurredAt)).toEqual(['2026-02-03T00:00:00.000Z', '2026-02-01T00:00:00.000Z']);
  });

  it('history pages newest first with an opaque cursor, within a time range', async () => {
    for (const day of ['01', '02', '03', '04', '05']) {
      await recordPhone(withPhone(phoneChange({ event: 'UPGRADE', at: `2026-01-${day}T00:00:00Z`, currentLimit: 'TIER_1K' })));
    }

    const page1 = await store.listHistory({ subject: phone, from: '2026-01-02', to: '2026-01-04', limit: 2 });
    const page2 = await store.listHistory({ subject: phone, from: '2026-01-02', to: '2026-01-04', limit: 2, cursor: page1.nextCursor });

    expect(page1.entries.map((e) => e.occurredAt.slice(0, 10))).toEqual(['2026-01-04', '2026-01-03']);
    expect(page2.entries.map((e) => e.occurredAt.slice(0, 10))).toEqual(['2026-01-02']);
    await expect(store.listHistory({ subject: phone, limit: 2, cursor: 'bm90LWEtY3Vyc29y' })).rejects.toThrow(/cursor/);
  });

  it('a template falling to RED raises a pause-risk alert; the name resolves to the id', async () => {
    const d = TemplateQualityChangedDetail.parse(templateChange({ at: '2026-02-02T00:00:00Z', rating: 'RED', previousRating: 'GREEN', templateId: `tpl-${phone.id}` }));

    const result = await recordQualityChange(store, observationFromTemplateEvent(d), now);

    expect(result.direction).toBe('downgraded');
    expect(result.alertEvent?.detail).toMatchObject({ kind: 'template_low_quality', subjectType: 'template' });
    expect(await store.templateIdByName('order_update')).toBe(`tpl-${phone.id}`);
  });
});

describe('contract: Meta phone_number_quality_update sample', () => {
  const path = '../shared/fixtures/meta/phone-number-quality-update-throughput-upgrade.metadoc.json';
  it.skipIf(!existsSync(path))('normalizes and records as an upgrade (shared fixtures present)', async () => {
    const entry = JSON.parse(readFileSync(path, 'utf8')).entry[0];
    const { events } = normalizeMetaEntry(entry, { receivedAt: '2026-02-01T00:00:00Z', phoneNumberId: phone.id });
    const detail = events[0]!.detail as ReturnType<typeof phoneChange>;

    const result = await recordPhone(detail);

    expect(result.outcome).toBe('recorded');
    expect(result.direction).toBe('upgraded');
    expect(result.entry.currentLimit).toBe('TIER_UNLIMITED');
  });
});

describe('poll and webhook in the same second', () => {
  it('the webhook change wins the tie and raises its events', async () => {
    const { ratingChangeEvent } = await import('../../../functions/domain/quality/observe.js');
    const poll = ratingChangeEvent({ metaPhoneNumberId: phone.id, qualityRating: 'GREEN' }, undefined, new Date('2026-02-01T10:00:00.900Z'))!;
    await recordPhone(poll.detail as ReturnType<typeof phoneChange>);

    const webhook = await recordPhone(withPhone(phoneChange({ event: 'DOWNGRADE', at: '2026-02-01T10:00:00Z', currentLimit: 'TIER_250', previousLimit: 'TIER_1K' })));

    expect(webhook.outcome).toBe('recorded');
    expect(webhook.alertEvent?.detail).toMatchObject({ kind: 'tier_downgraded' });
    expect((await store.getCurrent(phone))?.event).toBe('DOWNGRADE');
  });
});
