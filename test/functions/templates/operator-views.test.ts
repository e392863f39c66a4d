import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoQualityStore } from '../../../functions/adapters/dynamodb/quality-store.js';
import { DynamoTemplateStore } from '../../../functions/adapters/dynamodb/template-store.js';
import { guidanceFor } from '../../../functions/domain/templates/guidance.js';
import { templateTimeline } from '../../../functions/domain/templates/operator-view.js';
import { checkTemplate } from '../../../functions/domain/templates/validate.js';
import { observationFromPhoneEvent, observationFromTemplateEvent, recordQualityChange } from '../../../functions/domain/quality/record-change.js';
import type { Deps } from '../../../functions/wiring/shared.js';
import { templateActionAdapters } from '../../../functions/wiring/templates.js';
import { actionContext, insightsOver, succeeded } from '../../support/action-context.js';
import { testTable } from '../../support/test-table.js';
import { CollectingPublisher } from '../../support/fakes.js';
import { PHONE_ID, phoneChange, templateChange } from '../../fixtures/quality/events.js';

/** The templates and quality views' data: catalogue rows, a template's versions, validate_template, quality entries with kind and guidance. */
const table = testTable();
let deps: Deps;
let templates: DynamoTemplateStore;
let quality: DynamoQualityStore;
const NOW = new Date('2026-05-03T10:00:00Z');
const now = () => NOW;

/** The templates and insights concerns over the test table, as their handler files wire them (no EUM phone numbers). */
const act = (body: Record<string, unknown>) => succeeded(body, actionContext({ deps, now, templates: () => templateActionAdapters(deps), insights: () => insightsOver(deps) }));
const submit = async (id: string, name: string, at: string, newVersion = false, text = 'Hi {{1}}, your order is ready.') =>
  templates.submitted({
    metaTemplateId: id,
    name,
    language: 'en_US',
    category: 'UTILITY',
    status: 'PENDING',
    origin: 'api',
    wabaId: 'waba-1',
    components: [{ type: 'BODY', text, example: { body_text: [['Asha']] } }],
    at,
    // A resubmission gives the status read before calling Meta, as update_template does.
    ...(newVersion ? { newVersion: true as const, seen: (await templates.get(id))! } : { newVersion: false as const }),
  });

beforeAll(async () => {
  deps = { db: table.db, tableName: table.tableName, publisher: new CollectingPublisher() } as unknown as Deps;
  templates = new DynamoTemplateStore(table.db, table.tableName);
  quality = new DynamoQualityStore(table.db, table.tableName);
  // rejected, then edited and approved (2 versions); a pending review; a paused one with a RED score
  await submit('1001', 'big_sale', '2026-05-01T09:00:00.200Z');
  await templates.applyStatus({ metaTemplateId: '1001', status: 'REJECTED', reason: 'PROMOTIONAL', at: '2026-05-01T09:05:00Z', source: 'webhook' });
  await submit('1001', 'big_sale', '2026-05-01T10:00:00.300Z', true, 'Hi {{1}}, your order is confirmed.');
  await templates.applyStatus({ metaTemplateId: '1001', status: 'APPROVED', at: '2026-05-01T10:30:00Z', source: 'webhook' });
  await submit('1002', 'order_ready', '2026-05-02T22:00:00.000Z');
  await submit('1003', 'weekly_offer', '2026-04-20T08:00:00.000Z');
  await templates.applyStatus({ metaTemplateId: '1003', status: 'APPROVED', at: '2026-04-20T08:10:00Z', source: 'webhook' });
  await templates.applyStatus({ metaTemplateId: '1003', status: 'PAUSED', reason: 'LOW_QUALITY', at: '2026-05-02T08:00:00Z', source: 'webhook' });
  await templates.applyStatus({ metaTemplateId: '1003', status: 'APPROVED', at: '2026-05-02T14:00:00Z', source: 'webhook' });
  for (const [at, rating, previousRating] of [
    ['2026-04-25T08:00:00Z', 'GREEN', undefined],
    ['2026-05-02T07:00:00Z', 'RED', 'GREEN'],
  ] as const) {
    await recordQualityChange(
      quality,
      observationFromTemplateEvent({ ...templateChange({ at, rating, previousRating, templateId: '1003' }), templateName: 'weekly_offer' } as never),
      NOW,
    );
  }
}, 60_000);

describe('list_templates rows', () => {
  it("carry Meta's reason and what to do, the quality score, and for a review the 48 h clock", async () => {
    const { templates: rows } = await act({ action: 'list_templates' });
    const by = (name: string) => rows.find((r: any) => r.name === name);

    expect(by('weekly_offer')).toMatchObject({ status: 'APPROVED', quality: { rating: 'RED', at: '2026-05-02T07:00:00.000Z' } });
    expect(by('big_sale')).toMatchObject({ status: 'APPROVED', version: 2, quality: null, guidance: null });
    const pending = by('order_ready');
    expect(pending).toMatchObject({
      status: 'PENDING',
      submittedAt: '2026-05-02T22:00:00.000Z',
      reviewDeadline: '2026-05-04T22:00:00.000Z',
      reviewElapsedSeconds: 12 * 3600,
      reviewOverdue: false,
    });
    expect(by('big_sale').submittedAt).toBeUndefined();
    expect(rows.every((r: any) => r.components === undefined)).toBe(true);
  });

  it('a rejected row names the reason and the fix', async () => {
    await submit('1004', 'flash_deal', '2026-05-03T09:00:00.000Z');
    await templates.applyStatus({ metaTemplateId: '1004', status: 'REJECTED', reason: 'TAG_CONTENT_MISMATCH', at: '2026-05-03T09:01:00Z', source: 'webhook' });

    const { templates: rows } = await act({ action: 'list_templates', status: 'rejected' });

    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: 'flash_deal', statusReason: 'TAG_CONTENT_MISMATCH', guidance: guidanceFor('REJECTED', 'TAG_CONTENT_MISMATCH') });
  });
});

describe('get_template', () => {
  it('shows the edit as a second version: version 1 rejected with the reason and fix, version 2 approved with its own text', async () => {
    const out = await act({ action: 'get_template', meta_template_id: '1001' });

    expect(out.versions.map((v: any) => [v.version, v.status, v.reason, v.current])).toEqual([
      [1, 'REJECTED', 'PROMOTIONAL', false],
      [2, 'APPROVED', null, true],
    ]);
    expect(out.versions[0].guidance).toBe(guidanceFor('REJECTED', 'PROMOTIONAL'));
    expect(out.versions[1].components[0].text).toMatch(/confirmed/);
    expect(out.versions[0].components[0].text).toMatch(/ready/);
    expect(out.history.map((h: any) => [h.status, h.version])).toEqual([
      ['PENDING', 1],
      ['REJECTED', 1],
      ['PENDING', 2],
      ['APPROVED', 2],
    ]);
  });
});

describe('templateTimeline', () => {
  it('puts a submission before an outcome of the same second and counts it to the new version', () => {
    const t = {
      metaTemplateId: 'x',
      name: 'x',
      language: 'en_US',
      status: 'APPROVED',
      statusAt: '2026-05-01T10:00:01.000Z',
      version: 2,
      origin: 'api',
      createdAt: '2026-05-01T10:00:00.000Z',
      updatedAt: '2026-05-01T10:00:01.000Z',
    } as const;
    const out = templateTimeline(
      t,
      [
        { status: 'APPROVED', at: '2026-05-01T10:00:01.000Z', source: 'webhook' },
        { status: 'PENDING', at: '2026-05-01T10:00:01.000Z', source: 'api' },
        { status: 'REJECTED', reason: 'INVALID_FORMAT', at: '2026-05-01T10:00:00.000Z', source: 'webhook' },
        { status: 'PENDING', at: '2026-05-01T10:00:00.000Z', source: 'api' },
      ],
      [
        { version: 1, submittedAt: '2026-05-01T10:00:00.000Z' },
        { version: 2, submittedAt: '2026-05-01T10:00:01.000Z' },
      ],
    );
    expect(out.history.map((h) => [h.status, h.version])).toEqual([
      ['PENDING', 1],
      ['REJECTED', 1],
      ['PENDING', 2],
      ['APPROVED', 2],
    ]);
    expect(out.versions.map((v) => [v.version, v.status])).toEqual([
      [1, 'REJECTED'],
      [2, 'APPROVED'],
    ]);
  });
});

describe('validate_template', () => {
  it('answers the same field issues as create_template would, and creates nothing', async () => {
    const bad = { name: 'Bad Name', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: '{{1}} starts with a variable' }] };
    const before = (await templates.list()).length;

    const out = await act({ action: 'validate_template', ...bad });

    expect(out.valid).toBe(false);
    expect(out.issues).toEqual(checkTemplate(bad).issues);
    expect(out.issues.map((i: any) => i.field)).toContain('name');
    expect((await templates.list()).length).toBe(before);
    const good = await act({ action: 'validate_template', name: 'ok_name', language: 'en_US', category: 'utility', components: [{ type: 'BODY', text: 'Your order is ready.' }] });
    expect(good).toEqual({ valid: true, kind: 'standard', issues: [] });
  });
});

describe('get_quality_history entries', () => {
  it('a phone downgrade GREEN→YELLOW with a limit cut is a downgrade with the limit guidance; the first reading is observed', async () => {
    for (const c of [
      phoneChange({ event: 'ONBOARDING', at: '2026-05-01T00:00:00Z', currentLimit: 'TIER_1K', rating: 'GREEN' }),
      phoneChange({ event: 'DOWNGRADE', at: '2026-05-02T00:00:00Z', currentLimit: 'TIER_250', previousLimit: 'TIER_1K', rating: 'YELLOW' }),
    ]) {
      await recordQualityChange(quality, observationFromPhoneEvent(c as never), NOW);
    }

    const out = await act({ action: 'get_quality_history', phoneNumberId: PHONE_ID });

    expect(out.entries.map((e: any) => [e.kind, e.rating, e.currentLimit])).toEqual([
      ['downgrade', 'YELLOW', 'TIER_250'],
      ['observed', 'GREEN', 'TIER_1K'],
    ]);
    expect(out.entries[0].guidance).toMatchObject({ alert: 'tier_downgraded', severity: 'warning' });
    expect(out.entries[1].guidance).toMatchObject({ severity: 'info' });
    expect(out.statusEvents).toBeUndefined();
  });

  it("a template's history shows its score drop with guidance and its pause and un-pause beside it", async () => {
    const out = await act({ action: 'get_quality_history', templateId: '1003' });

    expect(out.entries.map((e: any) => [e.kind, e.rating])).toEqual([
      ['downgrade', 'RED'],
      ['observed', 'GREEN'],
    ]);
    expect(out.entries[0].guidance).toMatchObject({ alert: 'template_low_quality' });
    expect(out.statusEvents.map((e: any) => [e.kind, e.status])).toEqual([
      ['unpaused', 'APPROVED'],
      ['paused', 'PAUSED'],
    ]);
    expect(out.statusEvents[1].guidance).toBe(guidanceFor('PAUSED'));
  });
});
