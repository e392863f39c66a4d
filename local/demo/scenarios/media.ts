import { LOCAL_MEDIA_BUCKET, type Runtime } from '../../runtime.js';

/** Small files with the right magic bytes (the sandbox checks types by Content-Type, as EUM does). */
const PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), Buffer.from('JFIF demo photo of a leaking kettle')]);
const VOICE = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(4000, 7)]);
const INVOICE = Buffer.from('%PDF-1.7\n% demo invoice #1001\n');
const BANNER = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('demo banner')]);

/**
 * Media and username customers (issue 19): a customer sends a photo and a voice note, which
 * end up in the local S3 and are visible through get_message (with a presigned URL); the business
 * sends a document and a media-header template; a username-only customer is answered.
 */
export const scenario = {
  name: 'media',
  async run(rt: Runtime): Promise<{ ok: boolean; summary: string }> {
    const eum = rt.sandboxes.eum;
    const customer = rt.sandboxes.customer;
    const from = eum.phoneNumber.id;
    const fail = (step: string, res: { statusCode: number; body: unknown }) => ({
      ok: false,
      summary: `${step} answered ${res.statusCode}: ${JSON.stringify(res.body).slice(0, 300)}`,
    });
    const mediaStored = (messageId: string) => rt.waitForEvent((e) => e.detailType === 'media.stored' && (e.detail as { messageId?: string }).messageId === messageId, 30_000);

    // 1. The customer sends a photo and a voice note; store-media fetches both into the bucket.
    const photo = await customer.sendMedia({ kind: 'image', bytes: PHOTO, mimeType: 'image/jpeg', caption: 'My kettle leaks' });
    const voice = await customer.sendMedia({ kind: 'audio', bytes: VOICE, mimeType: 'audio/ogg; codecs=opus', voice: true });
    await Promise.all([mediaStored(photo), mediaStored(voice)]);
    await rt.idle();
    const seen: string[] = [];
    for (const id of [photo, voice]) {
      const got = await rt.action({ action: 'get_message', messageKey: id });
      if (got.statusCode !== 200 || !got.body.media?.url) return fail('get_message', got);
      const download = await fetch(got.body.media.url);
      const bytes = Buffer.from(await download.arrayBuffer());
      if (!download.ok || bytes.length !== got.body.media.sizeBytes || got.body.media.sha256Verified !== true)
        return { ok: false, summary: `media of ${id}: download ${download.status}, ${bytes.length} bytes, sha256Verified ${got.body.media.sha256Verified}` };
      seen.push(`${got.body.media.mimeType} ${bytes.length} B at s3://${got.body.media.bucket}/${got.body.media.key}`);
    }

    // 2. The business answers with a document (from the bucket) and a template with an image header.
    rt.s3.put(LOCAL_MEDIA_BUCKET, 'outbound/demo/invoice-1001.pdf', INVOICE, 'application/pdf');
    rt.s3.put(LOCAL_MEDIA_BUCKET, 'outbound/demo/banner.png', BANNER, 'image/png');
    const doc = await rt.action({
      action: 'send_media',
      from,
      to: customer.waId,
      type: 'document',
      media: { key: 'outbound/demo/invoice-1001.pdf' },
      filename: 'invoice-1001.pdf',
      caption: 'Your replacement invoice',
    });
    if (doc.statusCode !== 200) return fail('send_media', doc);
    const name = `kettle_replacement_${Date.now().toString(36)}`;
    eum.setReviewPlan({ outcome: 'APPROVED', delayMs: 0 }, name);
    const template = await rt.action({
      action: 'create_template',
      name,
      language: 'en_US',
      category: 'UTILITY',
      header_media: { key: 'outbound/demo/banner.png' },
      wait_for_approval: true,
      components: [
        { type: 'HEADER', format: 'IMAGE' },
        { type: 'BODY', text: 'Your replacement for order {{1}} ships today.', example: { body_text: [['#1001']] } },
      ],
    });
    if (template.statusCode !== 200) return fail('create_template', template);
    await rt.waitForEvent((e) => e.detailType === 'template.approved' && (e.detail as { templateName?: string }).templateName === name, 30_000);
    const headed = await rt.action({
      action: 'send_template',
      from,
      to: customer.waId,
      name,
      language: 'en_US',
      parameters: ['#1001'],
      header_media: { type: 'image', key: 'outbound/demo/banner.png' },
    });
    if (headed.statusCode !== 200) return fail('send_template', headed);

    // 3. A customer known only by username (no phone number in the webhook) is answered by BSUID.
    const user = customer.asUsername({ userId: 'IN.20260000000000000042', username: 'kettle.fan', name: 'Kettle Fan' });
    await user.sendText('Hi, is the blue kettle back in stock?');
    await rt.idle();
    const reply = await rt.action({ action: 'send_text', from, to: user.address, text: 'Yes! It is back in stock.' });
    if (reply.statusCode !== 200) return fail('send_text (BSUID)', reply);
    await rt.idle();
    const answered = await rt.action({ action: 'get_message', messageKey: reply.body.messageKey });
    const sentToBsuid = eum.sentMessages().find((m) => m.bizOpaqueCallbackData === reply.body.messageKey)?.message as { recipient?: string } | undefined;

    const ok = sentToBsuid?.recipient === user.address && ['delivered', 'read'].includes(answered.body.message?.status);
    return {
      ok,
      summary: `inbound stored: ${seen.join('; ')}; document ${doc.body.mediaId} and template ${name} with image header sent; username customer ${user.address} answered (recipient=${sentToBsuid?.recipient}, ${answered.body.message?.status})`,
    };
  },
};
