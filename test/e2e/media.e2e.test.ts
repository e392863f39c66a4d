import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundMediaKey } from '../../functions/domain/media/keys.js';
import { localTarget } from '../../local/cli/transport.js';
import { LOCAL_MEDIA_BUCKET, startRuntime, type Runtime } from '../../local/runtime.js';

/**
 * Inbound media end to end on the local runtime: the simulated customer sends a photo and a voice
 * note (Meta's webhook shape: media id + sha256, no URL), store-media fetches each with
 * GetWhatsAppMessageMedia into the local S3, and get_message hands out a presigned URL.
 */
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('a photo of a broken kettle')]);
const OGG = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(3000, 1)]);

describe('inbound media on the local runtime', () => {
  let rt: Runtime;
  beforeAll(async () => {
    rt = await startRuntime({ memory: true, port: 0, quiet: true, timeScale: 0.001, schedules: false });
  });
  afterAll(async () => rt?.stop());

  // Over HTTP, as the CLI calls it.
  const action = async (body: unknown) => (await localTarget(rt.url).send(body)) as { statusCode: number; body: any };

  it('a photo and a voice note end up in the media bucket, recorded on the message, with a download URL', async () => {
    const customer = rt.sandboxes.customer;
    const photo = await customer.sendMedia({ kind: 'image', bytes: JPEG, mimeType: 'image/jpeg', caption: 'it leaks' });
    const voice = await customer.sendMedia({ kind: 'audio', bytes: OGG, mimeType: 'audio/ogg; codecs=opus', voice: true });
    for (const id of [photo, voice]) await rt.waitForEvent((e) => e.detailType === 'media.stored' && (e.detail as { messageId?: string }).messageId === id, 10_000);
    await rt.idle();

    const got = await action({ action: 'get_message', messageKey: photo });
    expect(got.statusCode).toBe(200);
    expect(got.body.message).toMatchObject({ type: 'image', direction: 'inbound' });
    expect(got.body.media).toMatchObject({ mimeType: 'image/jpeg', sizeBytes: JPEG.length, sha256Verified: true, caption: 'it leaks', bucket: LOCAL_MEDIA_BUCKET });
    expect(got.body.media.sha256).toBe(createHash('sha256').update(JPEG).digest('base64'));
    const download = await fetch(got.body.media.url);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(JPEG)).toBe(true);

    const note = await action({ action: 'get_message', messageKey: voice });
    expect(note.body.media).toMatchObject({ voice: true, sizeBytes: OGG.length, sha256Verified: true });
    expect(note.body.media.key).toMatch(/^inbound\/.+\.ogg$/);
    expect(rt.s3.get(LOCAL_MEDIA_BUCKET, note.body.media.key)!.body.equals(OGG)).toBe(true);
  });

  it('a redelivered media event stores nothing twice and publishes the same media.stored', async () => {
    const id = await rt.sandboxes.customer.sendMedia({ kind: 'document', bytes: Buffer.from('%PDF-1.4 receipt'), mimeType: 'application/pdf', filename: 'receipt.pdf' });
    const stored = await rt.waitForEvent((e) => e.detailType === 'media.stored' && (e.detail as { messageId?: string }).messageId === id, 10_000);
    const received = rt.events({ detailType: 'message.received' }).find((e) => (e.detail as { messageId?: string }).messageId === id)!;
    const keysBefore = rt.s3.keys(LOCAL_MEDIA_BUCKET).length;
    // The rule's target gets the same event again (EventBridge delivers at least once).
    await rt.putEvent('message.received', received.detail as Record<string, unknown>);
    await rt.idle();
    expect(rt.s3.keys(LOCAL_MEDIA_BUCKET)).toHaveLength(keysBefore);
    const again = rt.events({ detailType: 'media.stored' }).filter((e) => (e.detail as { messageId?: string }).messageId === id);
    expect(again.map((e) => (e.detail as { eventId: string }).eventId)).toEqual([`media:${id}`, `media:${id}`]);
    expect((again[1]!.detail as { key: string }).key).toBe((stored.detail as { key: string }).key);
    const d = received.detail as { phoneNumberId: string; occurredAt: string };
    expect((stored.detail as { key: string }).key).toBe(inboundMediaKey({ phoneNumberId: d.phoneNumberId, messageId: id, occurredAt: d.occurredAt, mimeType: 'application/pdf' }));
  });

  it("a username-only customer is answered through Meta's recipient field", async () => {
    const user = rt.sandboxes.customer.asUsername({ userId: 'IN.44400011122233344455', username: 'kettle_fan' });
    await user.sendText('hello from a username');
    await rt.idle();
    const reply = await action({ action: 'send_text', from: rt.sandboxes.eum.phoneNumber.id, to: user.address, text: 'Hi! How can we help?' });
    expect(reply.statusCode).toBe(200);
    const sent = rt.sandboxes.eum.sentMessages().at(-1)!;
    expect(sent.message).toMatchObject({ recipient: 'IN.44400011122233344455' });
    expect(sent.message).not.toHaveProperty('to');
    await rt.idle();
    const stored = await action({ action: 'get_message', messageKey: reply.body.messageKey });
    expect(stored.body.message).toMatchObject({ waId: 'IN.44400011122233344455', status: 'read' });
  });
});
