import { GetLinkedWhatsAppBusinessAccountCommand, ListLinkedWhatsAppBusinessAccountsCommand, SocialMessagingClient } from '@aws-sdk/client-socialmessaging';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { PhoneQualityChangedDetail } from '../../../events/index.js';
import { dispatchAction } from '../../../functions/actions/registry.js';
import { DynamoQualityStore } from '../../../functions/adapters/dynamodb/quality-store.js';
import { EumPhoneNumberDirectory } from '../../../functions/adapters/eum/phone-numbers.js';
import { toProviderError } from '../../../functions/adapters/eum/client.js';
import { observationFromPhoneEvent, recordQualityChange } from '../../../functions/domain/quality/record-change.js';
import type { PhoneNumberDirectory, PhoneNumberInfo } from '../../../functions/ports/eum.js';
import type { Deps } from '../../../functions/wiring/shared.js';
import { actionContext, insightsOver, succeeded } from '../../support/action-context.js';
import { testTable } from '../../support/test-table.js';
import { phoneChange } from '../../fixtures/quality/events.js';

const table = testTable();
const deps = () => ({ db: table.db, tableName: table.tableName }) as Deps;

/** A number of a linked WABA, as EumPhoneNumberDirectory.list() reads it from GetLinkedWhatsAppBusinessAccount. */
let seq = 0;
const linkedNumber = (name: 'Store' | 'Support', n: number, qualityRating: string, metaWabaId: string): PhoneNumberInfo => ({
  eumPhoneNumberId: `phone-number-id-${name.toLowerCase()}${seq}`,
  metaPhoneNumberId: `${n}0654035224${seq}`,
  displayPhoneNumber: `+1 555-078-388${n}`,
  displayPhoneNumberName: `Demo ${name}`,
  qualityRating,
  linkedWabaId: `waba-${name.toLowerCase()}`,
  metaWabaId,
  wabaName: `Demo ${name}`,
});
/** Two numbers in two linked WABAs, fresh ids per test (the table is shared by the file). */
let store: PhoneNumberInfo;
let support: PhoneNumberInfo;
beforeEach(() => {
  seq += 1;
  store = linkedNumber('Store', 1, 'YELLOW', '102290129340398');
  support = linkedNumber('Support', 2, 'GREEN', '202290129340398');
});

const directoryOf = (numbers: PhoneNumberInfo[]): PhoneNumberDirectory => ({
  list: async () => numbers,
  get: async (id) => numbers.find((p) => p.eumPhoneNumberId === id || p.metaPhoneNumberId === id),
});
const contextWith = (directory: PhoneNumberDirectory) => {
  const d = deps();
  return actionContext({ deps: d, insights: () => ({ ...insightsOver(d), phoneDirectory: directory }) });
};

/** What the QualityRecording machine stores for a webhook about this number. */
async function recorded(metaPhoneNumberId: string, change: Parameters<typeof phoneChange>[0]) {
  const event = PhoneQualityChangedDetail.parse({ ...phoneChange(change), phoneNumberId: metaPhoneNumberId });
  await recordQualityChange(new DynamoQualityStore(table.db, table.tableName), observationFromPhoneEvent(event), new Date());
}

describe('list_phone_numbers', () => {
  it("lists every linked number with EUM's rating beside the stored one, and says where they differ", async () => {
    await recorded(store.metaPhoneNumberId, { event: 'ONBOARDING', at: '2026-02-01T00:00:00Z', currentLimit: 'TIER_1K', rating: 'GREEN' });
    await recorded(store.metaPhoneNumberId, { event: 'UPGRADE', at: '2026-02-03T08:30:00Z', currentLimit: 'TIER_10K', previousLimit: 'TIER_1K' });

    const body = await succeeded({ action: 'list_phone_numbers' }, contextWith(directoryOf([store, support])));

    expect(body.phoneNumbers).toEqual([
      {
        displayPhoneNumber: '+1 555-078-3881',
        displayPhoneNumberName: 'Demo Store',
        qualityRating: 'YELLOW',
        storedRating: 'GREEN',
        ratingsDiffer: true,
        messagingLimit: 'TIER_10K',
        lastChangedAt: '2026-02-03T08:30:00.000Z',
        phoneNumberId: store.metaPhoneNumberId,
        eumPhoneNumberId: store.eumPhoneNumberId,
        wabaId: 'waba-store',
        metaWabaId: '102290129340398',
        wabaName: 'Demo Store',
      },
      // Nothing stored yet: no disagreement to report.
      expect.objectContaining({
        phoneNumberId: support.metaPhoneNumberId,
        qualityRating: 'GREEN',
        storedRating: null,
        ratingsDiffer: false,
        messagingLimit: null,
        lastChangedAt: null,
      }),
    ]);
  });

  it('agrees when the stored rating is the one EUM reports (compared case-blind, as recorded)', async () => {
    await recorded(support.metaPhoneNumberId, { event: 'ONBOARDING', at: '2026-02-01T00:00:00Z', currentLimit: 'TIER_250', rating: 'GREEN' });

    const body = await succeeded({ action: 'list_phone_numbers' }, contextWith(directoryOf([{ ...support, qualityRating: 'green' }])));

    expect(body.phoneNumbers).toEqual([expect.objectContaining({ qualityRating: 'GREEN', storedRating: 'GREEN', ratingsDiffer: false, messagingLimit: 'TIER_250' })]);
  });

  it("keeps one WABA's numbers when asked, by EUM's id or by Meta's", async () => {
    const ctx = contextWith(directoryOf([store, support]));

    const byEumId = await succeeded({ action: 'list_phone_numbers', wabaId: 'waba-support' }, ctx);
    const byMetaId = await succeeded({ action: 'list_phone_numbers', wabaId: '102290129340398' }, ctx);
    const unknown = await succeeded({ action: 'list_phone_numbers', wabaId: 'waba-other' }, ctx);

    expect(byEumId.phoneNumbers.map((p: { eumPhoneNumberId: string }) => p.eumPhoneNumberId)).toEqual([support.eumPhoneNumberId]);
    expect(byMetaId.phoneNumbers.map((p: { eumPhoneNumberId: string }) => p.eumPhoneNumberId)).toEqual([store.eumPhoneNumberId]);
    expect(unknown.phoneNumbers).toEqual([]);
  });

  it("answers EUM's refusals as the provider's error: status, code and whether to retry", async () => {
    const failing = (name: string): PhoneNumberDirectory => ({
      list: async () => Promise.reject(toProviderError(Object.assign(new Error('refused'), { name }))),
      get: async () => undefined,
    });

    const throttled = await dispatchAction({ action: 'list_phone_numbers' }, contextWith(failing('ThrottledRequestException')));
    const denied = await dispatchAction({ action: 'list_phone_numbers' }, contextWith(failing('AccessDeniedException')));

    expect(throttled).toMatchObject({ statusCode: 429, body: { error: { code: 'ThrottledRequestException', details: { provider: 'eum', retryable: true } } } });
    expect(denied).toMatchObject({ statusCode: 403, body: { error: { code: 'AccessDeniedException', details: { provider: 'eum', retryable: false } } } });
  });

  it('refuses an empty wabaId', async () => {
    const res = await dispatchAction({ action: 'list_phone_numbers', wabaId: '' }, contextWith(directoryOf([store])));

    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/wabaId/);
  });
});

describe('EumPhoneNumberDirectory.list', () => {
  const eum = mockClient(SocialMessagingClient);
  afterAll(() => eum.restore());

  it("reads each linked account's numbers with their display name and the WABA's Meta id and name", async () => {
    eum.reset();
    // GetLinkedWhatsAppBusinessAccount's account is the list's summary plus its phone numbers.
    const summary = {
      arn: 'arn:aws:social-messaging:us-east-1:123456789012:waba/a1',
      id: 'waba-a1',
      wabaId: '102290129340398',
      registrationStatus: 'COMPLETE' as const,
      linkDate: new Date(),
      wabaName: 'Demo Store',
      eventDestinations: [],
    };
    eum.on(ListLinkedWhatsAppBusinessAccountsCommand).resolves({ linkedAccounts: [summary] });
    eum.on(GetLinkedWhatsAppBusinessAccountCommand, { id: 'waba-a1' }).resolves({
      account: {
        ...summary,
        phoneNumbers: [
          {
            arn: 'arn:aws:social-messaging:us-east-1:123456789012:phone-number-id/b2',
            phoneNumber: '+15550783881',
            phoneNumberId: 'phone-number-id-b2',
            metaPhoneNumberId: '106540352242922',
            displayPhoneNumberName: 'Demo Store',
            displayPhoneNumber: '+1 555-078-3881',
            qualityRating: 'GREEN',
            dataLocalizationRegion: 'US',
          },
        ],
      },
    });

    const numbers = await new EumPhoneNumberDirectory('').list();

    expect(numbers).toEqual([
      {
        eumPhoneNumberId: 'phone-number-id-b2',
        metaPhoneNumberId: '106540352242922',
        displayPhoneNumber: '+1 555-078-3881',
        displayPhoneNumberName: 'Demo Store',
        qualityRating: 'GREEN',
        linkedWabaId: 'waba-a1',
        metaWabaId: '102290129340398',
        wabaName: 'Demo Store',
      },
    ]);
  });

  it('turns an EUM refusal into a ProviderError', async () => {
    eum.reset();
    eum.on(ListLinkedWhatsAppBusinessAccountsCommand).rejects(Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' }));

    await expect(new EumPhoneNumberDirectory('').list()).rejects.toMatchObject({ name: 'ProviderError', provider: 'eum', code: 'AccessDeniedException', httpStatus: 403 });
  });
});
