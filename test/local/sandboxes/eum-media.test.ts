import {
  CreateWhatsAppMessageTemplateMediaCommand,
  DeleteWhatsAppMessageMediaCommand,
  GetWhatsAppMessageMediaCommand,
  PostWhatsAppMessageMediaCommand,
  SendWhatsAppMessageCommand,
  SocialMessagingClient,
} from '@aws-sdk/client-socialmessaging';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalS3Store } from '../../../local/aws-endpoints/s3.js';
import { startEumSandbox, type EumSandbox } from '../../../local/sandboxes/eum/index.js';
import { sdkConfig } from './support.js';

/** The EUM sandbox's media operations through the real SocialMessaging client (wire shapes of the SDK model). */
const BUCKET = 'media';
let s3: LocalS3Store;
let sandbox: EumSandbox;
let client: SocialMessagingClient;
beforeEach(async () => {
  s3 = new LocalS3Store();
  s3.createBucket(BUCKET);
  sandbox = await startEumSandbox({ deliverWebhook: async () => undefined, timeScale: 0.01, s3 });
  client = new SocialMessagingClient(sdkConfig(sandbox.endpoint));
});
afterEach(async () => {
  client.destroy();
  await sandbox.close();
});
const phone = () => sandbox.phoneNumber.id;
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: { name: string; message: string }) => ({ name: e.name, message: e.message }),
  );

describe('PostWhatsAppMessageMedia', () => {
  it('uploads an S3 object and the media id can then be sent from that number', async () => {
    s3.put(BUCKET, 'outbound/invoice.pdf', Buffer.from('%PDF-1.7'), 'application/pdf');
    const { mediaId } = await client.send(
      new PostWhatsAppMessageMediaCommand({ originationPhoneNumberId: phone(), sourceS3File: { bucketName: BUCKET, key: 'outbound/invoice.pdf' } }),
    );
    expect(mediaId).toMatch(/^\d+$/);
    const message = { messaging_product: 'whatsapp', to: '919800000001', type: 'document', document: { id: mediaId, filename: 'invoice.pdf' } };
    await client.send(new SendWhatsAppMessageCommand({ originationPhoneNumberId: phone(), metaApiVersion: 'v20.0', message: new TextEncoder().encode(JSON.stringify(message)) }));
    expect(sandbox.sentMessages().at(-1)!.type).toBe('document');
  });

  it.each([
    ['too large for its kind', 'big.jpg', Buffer.alloc(5 * 1024 * 1024 + 1), 'image/jpeg', /over WhatsApp's image limit of 5 MB/],
    ['a type WhatsApp does not take', 'x.gif', Buffer.from('GIF89a'), 'image/gif', /image\/gif is not supported/],
  ])('refuses a file %s', async (_what, key, body, type, message) => {
    s3.put(BUCKET, key, body, type);
    const err = await errorOf(client.send(new PostWhatsAppMessageMediaCommand({ originationPhoneNumberId: phone(), sourceS3File: { bucketName: BUCKET, key } })));
    expect(err).toEqual({ name: 'InvalidParametersException', message: expect.stringMatching(message) });
  });

  it('refuses a missing object, two sources, and an unknown phone number', async () => {
    expect(
      await errorOf(client.send(new PostWhatsAppMessageMediaCommand({ originationPhoneNumberId: phone(), sourceS3File: { bucketName: BUCKET, key: 'nope.pdf' } }))),
    ).toMatchObject({
      name: 'InvalidParametersException',
      message: expect.stringContaining('does not exist'),
    });
    const both = {
      originationPhoneNumberId: phone(),
      sourceS3File: { bucketName: BUCKET, key: 'k' },
      sourceS3PresignedUrl: { url: 'http://x', headers: { 'Content-Type': 'image/png' } },
    };
    expect(await errorOf(client.send(new PostWhatsAppMessageMediaCommand(both)))).toMatchObject({ name: 'InvalidParametersException' });
    expect(
      await errorOf(client.send(new PostWhatsAppMessageMediaCommand({ originationPhoneNumberId: 'phone-number-id-0', sourceS3File: { bucketName: BUCKET, key: 'k' } }))),
    ).toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('a send naming an unknown or deleted media id is refused', async () => {
    s3.put(BUCKET, 'p.png', Buffer.from('png'), 'image/png');
    const { mediaId } = await client.send(new PostWhatsAppMessageMediaCommand({ originationPhoneNumberId: phone(), sourceS3File: { bucketName: BUCKET, key: 'p.png' } }));
    expect(await client.send(new DeleteWhatsAppMessageMediaCommand({ originationPhoneNumberId: phone(), mediaId }))).toMatchObject({ success: true });
    const message = { messaging_product: 'whatsapp', to: '919800000001', type: 'image', image: { id: mediaId } };
    const err = await errorOf(
      client.send(new SendWhatsAppMessageCommand({ originationPhoneNumberId: phone(), metaApiVersion: 'v20.0', message: new TextEncoder().encode(JSON.stringify(message)) })),
    );
    expect(err).toMatchObject({ name: 'ValidationException', message: expect.stringContaining('131053') });
    expect(await errorOf(client.send(new DeleteWhatsAppMessageMediaCommand({ originationPhoneNumberId: phone(), mediaId })))).toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('GetWhatsAppMessageMedia', () => {
  it("writes a customer's file under the S3 key prefix, or answers metadata only; fileSize is in KB", async () => {
    const held = sandbox.receiveMedia(Buffer.alloc(2048, 3), 'audio/ogg');
    const meta = await client.send(new GetWhatsAppMessageMediaCommand({ originationPhoneNumberId: phone(), mediaId: held.id, metadataOnly: true }));
    expect(meta).toMatchObject({ mimeType: 'audio/ogg', fileSize: 2 });
    expect(s3.keys(BUCKET)).toEqual([]);
    await client.send(new GetWhatsAppMessageMediaCommand({ originationPhoneNumberId: phone(), mediaId: held.id, destinationS3File: { bucketName: BUCKET, key: 'in/' } }));
    expect(s3.keys(BUCKET)).toEqual([`in/${held.id}.ogg`]);
  });

  it('an unknown media id is ResourceNotFoundException; two destinations are InvalidParametersException', async () => {
    expect(await errorOf(client.send(new GetWhatsAppMessageMediaCommand({ originationPhoneNumberId: phone(), mediaId: '999', metadataOnly: true })))).toMatchObject({
      name: 'ResourceNotFoundException',
    });
    const held = sandbox.receiveMedia(Buffer.from('x'), 'image/jpeg');
    const both = {
      originationPhoneNumberId: phone(),
      mediaId: held.id,
      destinationS3File: { bucketName: BUCKET, key: 'a/' },
      destinationS3PresignedUrl: { url: 'http://x', headers: {} },
    };
    expect(await errorOf(client.send(new GetWhatsAppMessageMediaCommand(both)))).toMatchObject({ name: 'InvalidParametersException' });
  });
});

describe('CreateWhatsAppMessageTemplateMedia', () => {
  it('turns an image into a header handle; refuses audio', async () => {
    s3.put(BUCKET, 'h.png', Buffer.from('png'), 'image/png');
    const out = await client.send(new CreateWhatsAppMessageTemplateMediaCommand({ id: sandbox.phoneNumber.wabaId, sourceS3File: { bucketName: BUCKET, key: 'h.png' } }));
    expect(out.metaHeaderHandle).toMatch(/^4::/);
    expect(sandbox.headerHandles()).toContain(out.metaHeaderHandle);
    s3.put(BUCKET, 'a.ogg', Buffer.from('OggS'), 'audio/ogg');
    expect(
      await errorOf(client.send(new CreateWhatsAppMessageTemplateMediaCommand({ id: sandbox.phoneNumber.wabaId, sourceS3File: { bucketName: BUCKET, key: 'a.ogg' } }))),
    ).toMatchObject({
      name: 'InvalidParametersException',
      message: expect.stringContaining('image, video or document'),
    });
  });
});
