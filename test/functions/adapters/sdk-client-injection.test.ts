import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetLinkedWhatsAppBusinessAccountCommand, ListLinkedWhatsAppBusinessAccountsCommand, SocialMessagingClient } from '@aws-sdk/client-socialmessaging';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { EumPhoneNumberDirectory } from '../../../functions/adapters/eum/phone-numbers.js';
import { S3MediaBucket } from '../../../functions/adapters/s3/media-bucket.js';

/**
 * The EUM and S3 adapters call AWS through the SDK client they are given (the shared one only when
 * given none): each test mocks one client instance and nothing else, so a call through any other
 * client would leave the mock unanswered.
 */
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
/** One linked WABA as EUM describes it, in its list and on its own. */
const account = {
  arn: 'arn:aws:social-messaging:us-east-1:123456789012:waba/waba-0a1b2c',
  id: 'waba-0a1b2c',
  wabaId: '102290129340398',
  registrationStatus: 'COMPLETE' as const,
  linkDate: new Date('2026-01-01T00:00:00Z'),
  wabaName: 'Test WABA',
  eventDestinations: [],
};

describe('SDK clients passed to the adapters', () => {
  it('EumPhoneNumberDirectory finds the linked WABAs and their numbers through its client', async () => {
    const client = new SocialMessagingClient({ region: 'us-east-1', credentials });
    const eum = mockClient(client);
    eum.on(ListLinkedWhatsAppBusinessAccountsCommand).resolves({ linkedAccounts: [account] });
    eum.on(GetLinkedWhatsAppBusinessAccountCommand, { id: 'waba-0a1b2c' }).resolves({
      account: {
        ...account,
        phoneNumbers: [
          {
            arn: 'arn:aws:social-messaging:us-east-1:123456789012:phone-number-id/phone-number-id-3c4d',
            phoneNumber: '+15550783881',
            phoneNumberId: 'phone-number-id-3c4d',
            metaPhoneNumberId: '106540352242922',
            displayPhoneNumberName: 'Test Number',
            displayPhoneNumber: '+1 555-078-3881',
            qualityRating: 'GREEN',
          },
        ],
      },
    });

    const numbers = await new EumPhoneNumberDirectory(undefined, client).list();

    expect(numbers).toEqual([
      {
        eumPhoneNumberId: 'phone-number-id-3c4d',
        metaPhoneNumberId: '106540352242922',
        displayPhoneNumber: '+1 555-078-3881',
        qualityRating: 'GREEN',
        linkedWabaId: 'waba-0a1b2c',
      },
    ]);
    expect(eum.commandCalls(ListLinkedWhatsAppBusinessAccountsCommand)).toHaveLength(1);
  });

  it('S3MediaBucket writes and reads object metadata through its client', async () => {
    const client = new S3Client({ region: 'us-east-1', credentials });
    const s3 = mockClient(client);
    s3.on(PutObjectCommand).resolves({});
    s3.on(HeadObjectCommand, { Bucket: 'media-bucket', Key: 'inbound/a.jpg' }).resolves({ ContentLength: 41, ContentType: 'image/jpeg' });
    const bucket = new S3MediaBucket('media-bucket', client);

    await bucket.put('inbound/a.jpg', Buffer.from('jpeg'), 'image/jpeg');
    const head = await bucket.head('inbound/a.jpg');

    expect(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: 'media-bucket', Key: 'inbound/a.jpg', Body: Buffer.from('jpeg'), ContentType: 'image/jpeg' },
    ]);
    expect(head).toEqual({ sizeBytes: 41, contentType: 'image/jpeg' });
  });
});
