import {
  GetLinkedWhatsAppBusinessAccountCommand,
  GetLinkedWhatsAppBusinessAccountPhoneNumberCommand,
  ListWhatsAppMessageTemplatesCommand,
  SocialMessagingClient,
} from '@aws-sdk/client-socialmessaging';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PhoneQualityChangedDetail, TemplateQualityChangedDetail } from '../../../events/index.js';
import { dispatchAction } from '../../../functions/actions/registry.js';
import { insightsAdapters } from '../../../functions/wiring/insights.js';
import { DynamoQualityStore } from '../../../functions/adapters/dynamodb/quality-store.js';
import { EumPhoneNumberDirectory, EumTemplateQualityReader } from '../../../functions/adapters/eum/phone-numbers.js';
import { observationFromPhoneEvent, observationFromTemplateEvent, recordQualityChange } from '../../../functions/domain/quality/record-change.js';
import { pollQuality } from '../../../functions/handlers/poll-quality.js';
import type { Deps } from '../../../functions/wiring/shared.js';
import { startTestTable } from '../../support/dynalite.js';
import { CollectingPublisher } from '../../support/fakes.js';
import { phoneChange } from '../../fixtures/quality/events.js';

/** EUM shapes from @aws-sdk/client-socialmessaging models (GetLinkedWhatsAppBusinessAccount[PhoneNumber]Output). */
const eum = mockClient(SocialMessagingClient);
let table: Awaited<ReturnType<typeof startTestTable>>;
let store: DynamoQualityStore;
let seq = 0;
let phone: { eumId: string; metaId: string };

/** The test's phone number as EUM describes it (the account's list and GetLinkedWhatsAppBusinessAccountPhoneNumber alike). */
const number = (qualityRating: string) => ({
  arn: 'arn',
  phoneNumber: '+15550783881',
  phoneNumberId: phone.eumId,
  metaPhoneNumberId: phone.metaId,
  displayPhoneNumberName: 'Demo',
  displayPhoneNumber: '+1 555-078-3881',
  qualityRating,
});

function linked(rating: string) {
  eum.reset();
  eum.on(GetLinkedWhatsAppBusinessAccountCommand).resolves({
    account: {
      arn: 'arn',
      id: 'waba-1',
      wabaId: '102290129340398',
      registrationStatus: 'COMPLETE',
      linkDate: new Date(),
      wabaName: 'demo',
      eventDestinations: [],
      phoneNumbers: [number('GREEN')],
    },
  });
  eum.on(GetLinkedWhatsAppBusinessAccountPhoneNumberCommand, { id: phone.eumId }).resolves({
    phoneNumber: number(rating),
    linkedWhatsAppBusinessAccountId: 'waba-1',
  });
}

beforeAll(async () => {
  table = await startTestTable();
  store = new DynamoQualityStore(table.db, table.tableName);
});
afterAll(async () => {
  eum.restore();
  await table.close();
});
beforeEach(() => {
  seq += 1;
  phone = { eumId: `phone-number-id-${seq}`, metaId: `meta-${seq}` };
});

describe('polling fallback', () => {
  it('records a rating change the webhooks missed (source poll) and stays quiet when nothing changed', async () => {
    const publisher = new CollectingPublisher();
    const directory = new EumPhoneNumberDirectory('waba-1');
    linked('GREEN');
    const first = await pollQuality(directory, store, publisher, new Date('2026-02-01T00:00:00Z'));
    for (const e of publisher.events.splice(0)) await recordQualityChange(store, observationFromPhoneEvent(PhoneQualityChangedDetail.parse(e.detail)), new Date());
    // Meta lowered the rating to RED; the FLAGGED webhook never arrived.
    linked('RED');

    const gap = await pollQuality(directory, store, publisher, new Date('2026-02-02T00:00:00Z'));
    const recorded = await recordQualityChange(store, observationFromPhoneEvent(PhoneQualityChangedDetail.parse(publisher.events[0]!.detail)), new Date());
    const again = await pollQuality(directory, store, publisher, new Date('2026-02-03T00:00:00Z'));

    expect(first).toMatchObject({ checked: 1, changed: 1 });
    expect(gap).toMatchObject({ checked: 1, changed: 1 });
    expect(publisher.events[0]!.detail).toMatchObject({ phoneNumberId: phone.metaId, rating: 'RED', source: 'poll', event: 'RATING_POLLED' });
    expect(recorded).toMatchObject({ outcome: 'recorded', direction: 'downgraded' });
    expect(recorded.entry).toMatchObject({ rating: 'RED', previousRating: 'GREEN', source: 'poll' });
    expect(again).toMatchObject({ checked: 1, changed: 0 });
  });
});

describe('polling template quality scores', () => {
  it('publishes a template.quality_changed (source poll) for a score the webhooks missed, once', async () => {
    const publisher = new CollectingPublisher();
    const templateId = `tpl-${seq}`;
    const templates = (score: string) =>
      eum.on(ListWhatsAppMessageTemplatesCommand, { id: 'waba-1' }).resolves({
        templates: [
          {
            templateName: 'order_update',
            metaTemplateId: templateId,
            templateStatus: 'APPROVED',
            templateQualityScore: score,
            templateLanguage: 'en_US',
            templateCategory: 'UTILITY',
          },
        ],
      });
    linked('GREEN');
    templates('GREEN');
    const reader = new EumTemplateQualityReader();
    await pollQuality(new EumPhoneNumberDirectory('waba-1'), store, publisher, new Date('2026-02-01T00:00:00Z'), reader);
    for (const e of publisher.events.filter((e) => e.detailType === 'template.quality_changed').splice(0))
      await recordQualityChange(store, observationFromTemplateEvent(TemplateQualityChangedDetail.parse(e.detail)), new Date());
    publisher.events.splice(0);
    templates('RED');

    const out = await pollQuality(new EumPhoneNumberDirectory('waba-1'), store, publisher, new Date('2026-02-02T00:00:00Z'), reader);
    const event = publisher.events.find((e) => e.detailType === 'template.quality_changed')!;
    const recorded = await recordQualityChange(store, observationFromTemplateEvent(TemplateQualityChangedDetail.parse(event.detail)), new Date());

    expect(out).toMatchObject({ templatesChecked: 1, templatesChanged: 1 });
    expect(event.detail).toMatchObject({ templateId, rating: 'RED', previousRating: 'GREEN', source: 'poll' });
    expect(recorded.alertEvent?.detail).toMatchObject({ kind: 'template_low_quality' });
  });
});

describe('quality actions', () => {
  const now = () => new Date('2026-02-10T00:00:00Z');
  const deps = () => ({ db: table.db, tableName: table.tableName, publisher: new CollectingPublisher() }) as unknown as Deps;
  /** The insights wiring this test runs the actions with: the stores on the test table, EUM's phone numbers of waba-1. */
  const insights = (d: Deps) => () => ({ ...insightsAdapters(d), phoneDirectory: new EumPhoneNumberDirectory('waba-1') });

  it('get_quality_rating reads EUM, records a differing rating once, and get_quality_history shows it newest first', async () => {
    const d = deps();
    await recordQualityChange(
      store,
      observationFromPhoneEvent(
        PhoneQualityChangedDetail.parse({
          ...phoneChange({ event: 'ONBOARDING', at: '2026-02-01T00:00:00Z', currentLimit: 'TIER_1K', rating: 'GREEN' }),
          phoneNumberId: phone.metaId,
        }),
      ),
      new Date(),
    );
    linked('YELLOW');

    const rating = await dispatchAction({ action: 'get_quality_rating', phoneNumberId: phone.eumId }, { deps: d, now, insights: insights(d) });
    const again = await dispatchAction({ action: 'get_quality_rating', phoneNumberId: phone.eumId }, { deps: d, now, insights: insights(d) });
    const history = await dispatchAction({ action: 'get_quality_history', phoneNumberId: phone.eumId, limit: 1 }, { deps: d, now, insights: insights(d) });
    const page2 = await dispatchAction(
      { action: 'get_quality_history', phoneNumberId: phone.metaId, limit: 1, cursor: (history.body as any).nextCursor },
      { deps: d, now, insights: insights(d) },
    );

    expect(rating.body).toMatchObject({ qualityRating: 'YELLOW', recorded: true, change: { direction: 'downgraded' }, messagingLimit: 'TIER_1K' });
    expect((d.publisher as CollectingPublisher).events.map((e) => e.detailType)).toEqual(['phone.quality_changed', 'quality.downgraded']);
    expect(again.body).toMatchObject({ recorded: false });
    expect((history.body as any).entries).toEqual([expect.objectContaining({ rating: 'YELLOW', previousRating: 'GREEN', source: 'poll' })]);
    expect((page2.body as any).entries).toEqual([expect.objectContaining({ rating: 'GREEN', event: 'ONBOARDING', source: 'webhook' })]);
  });

  it('get_quality_history names the rule when the subject is missing or the cursor is foreign', async () => {
    const d = deps();
    const none = await dispatchAction({ action: 'get_quality_history' }, { deps: d, now, insights: insights(d) });
    const badCursor = await dispatchAction({ action: 'get_quality_history', phoneNumberId: 'meta-x', cursor: 'abc' }, { deps: d, now, insights: insights(d) });

    expect(none.statusCode).toBe(400);
    expect(JSON.stringify(none.body)).toMatch(/exactly one of phoneNumberId, templateId, templateName/);
    expect(badCursor.statusCode).toBe(400);
    expect(JSON.stringify(badCursor.body)).toMatch(/cursor/);
  });
});
