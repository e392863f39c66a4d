import { GetLinkedWhatsAppBusinessAccountCommand, ListLinkedWhatsAppBusinessAccountsCommand, SocialMessagingClient } from '@aws-sdk/client-socialmessaging';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEumSandbox, type EumSandbox } from '../../../local/sandboxes/eum/index.js';
import { sdkConfig } from './support.js';

/**
 * The answers list_phone_numbers reads (through EumPhoneNumberDirectory), against the EUM Social API
 * reference: GetLinkedWhatsAppBusinessAccount's `account` (LinkedWhatsAppBusinessAccount) and its
 * `phoneNumbers[]` (WhatsAppPhoneNumberSummary), ListLinkedWhatsAppBusinessAccounts' `linkedAccounts[]`.
 */
const ACCOUNT_FIELDS = ['arn', 'eventDestinations', 'id', 'linkDate', 'phoneNumbers', 'registrationStatus', 'wabaId', 'wabaName'];
const PHONE_FIELDS = ['arn', 'dataLocalizationRegion', 'displayPhoneNumber', 'displayPhoneNumberName', 'metaPhoneNumberId', 'phoneNumber', 'phoneNumberId', 'qualityRating'];
const SUMMARY_FIELDS = ['arn', 'eventDestinations', 'id', 'linkDate', 'registrationStatus', 'wabaId', 'wabaName'];

let sandbox: EumSandbox;
let client: SocialMessagingClient;

beforeAll(async () => {
  sandbox = await startEumSandbox({ deliverWebhook: async () => {} });
  client = new SocialMessagingClient(sdkConfig(sandbox.endpoint));
});
afterAll(async () => {
  client.destroy();
  await sandbox.close();
});

/** The sandbox's raw JSON (what AWS would put on the wire), before the SDK drops members it does not model. */
async function wire(path: string): Promise<any> {
  const res = await fetch(`${sandbox.endpoint}${path}`);
  expect(res.status).toBe(200);
  return res.json();
}

describe('EUM sandbox: the linked phone numbers as the API reference shapes them', () => {
  it('GetLinkedWhatsAppBusinessAccount: the account and each phone number with exactly the documented members and formats', async () => {
    const raw = await wire(`/v1/whatsapp/waba/details?id=${encodeURIComponent(sandbox.phoneNumber.wabaId)}`);
    expect(Object.keys(raw)).toEqual(['account']);
    expect(Object.keys(raw.account).sort()).toEqual(ACCOUNT_FIELDS);
    expect(raw.account.phoneNumbers.map((p: object) => Object.keys(p).sort())).toEqual([PHONE_FIELDS]);
    expect(typeof raw.account.linkDate).toBe('number');

    const { account } = await client.send(new GetLinkedWhatsAppBusinessAccountCommand({ id: sandbox.phoneNumber.wabaId }));
    expect(account).toMatchObject({ id: expect.stringMatching(/^waba-/), arn: expect.stringMatching(/^arn:aws:social-messaging:.+:waba\/[0-9a-zA-Z]+$/) });
    expect(account!.linkDate).toBeInstanceOf(Date);
    expect(['COMPLETE', 'INCOMPLETE']).toContain(account!.registrationStatus);
    expect(account!.phoneNumbers).toEqual([
      {
        arn: expect.stringMatching(/^arn:aws:social-messaging:.+:phone-number-id\/[0-9a-zA-Z]+$/),
        phoneNumber: sandbox.phoneNumber.phoneNumber,
        phoneNumberId: sandbox.phoneNumber.id,
        metaPhoneNumberId: sandbox.phoneNumber.metaPhoneNumberId,
        displayPhoneNumberName: expect.any(String),
        displayPhoneNumber: sandbox.phoneNumber.displayPhoneNumber,
        qualityRating: expect.stringMatching(/^(GREEN|YELLOW|RED|UNKNOWN)$/),
        dataLocalizationRegion: expect.any(String),
      },
    ]);
    expect(account!.phoneNumbers![0]!.phoneNumberId).toMatch(/^phone-number-id-/);
  });

  it('ListLinkedWhatsAppBusinessAccounts: summaries without phone numbers; GetLinkedWhatsAppBusinessAccount also takes the ARN', async () => {
    const raw = await wire('/v1/whatsapp/waba/list');
    expect(raw.linkedAccounts.map((a: object) => Object.keys(a).sort())).toEqual([SUMMARY_FIELDS]);

    const { linkedAccounts } = await client.send(new ListLinkedWhatsAppBusinessAccountsCommand({}));
    const byArn = await client.send(new GetLinkedWhatsAppBusinessAccountCommand({ id: linkedAccounts![0]!.arn }));
    expect(byArn.account?.id).toBe(linkedAccounts![0]!.id);
  });

  it("an id outside the reference's pattern (Meta's WABA id) is ValidationException (400)", async () => {
    await expect(client.send(new GetLinkedWhatsAppBusinessAccountCommand({ id: sandbox.phoneNumber.metaWabaId }))).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('an account that is not linked is ResourceNotFoundException (404), as the reference lists', async () => {
    await expect(client.send(new GetLinkedWhatsAppBusinessAccountCommand({ id: 'waba-notlinked' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
  });
});
