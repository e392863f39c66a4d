import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../local/cli/cli.js';
import { LOCAL_MEDIA_BUCKET, startRuntime, type Runtime } from '../../local/runtime.js';

/**
 * Outbound media on the local runtime: objects in the local S3, checked against WhatsApp's limits
 * before anything is sent, uploaded with PostWhatsAppMessageMedia / CreateWhatsAppMessageTemplateMedia
 * by the EUM sandbox.
 */
describe('outbound media on the local runtime', () => {
  let rt: Runtime;
  let from: string;
  let customer: string;
  beforeAll(async () => {
    rt = await startRuntime({ memory: true, port: 0, quiet: true, timeScale: 0.001, schedules: false });
    from = rt.sandboxes.eum.phoneNumber.id;
    customer = rt.sandboxes.customer.waId;
    await rt.sandboxes.customer.sendText('please send the invoice');
    await rt.idle();
    rt.s3.put(LOCAL_MEDIA_BUCKET, 'outbound/invoice-1001.pdf', Buffer.from('%PDF-1.7 invoice 1001'), 'application/pdf');
    rt.s3.put(LOCAL_MEDIA_BUCKET, 'outbound/banner.png', Buffer.from('\x89PNG banner'), 'image/png');
    rt.s3.put(LOCAL_MEDIA_BUCKET, 'outbound/huge.jpg', Buffer.alloc(5 * 1024 * 1024 + 10), 'image/jpeg');
  });
  afterAll(async () => rt?.stop());

  it('send_media sends a document with its filename and caption, by a WhatsApp media id', async () => {
    const out = await rt.action({
      action: 'send_media',
      from,
      to: customer,
      type: 'document',
      media: { key: 'outbound/invoice-1001.pdf' },
      filename: 'invoice-1001.pdf',
      caption: 'Your invoice',
    });
    expect(out.statusCode).toBe(200);
    const sent = rt.sandboxes.eum.sentMessages().at(-1)!;
    expect(sent.message).toMatchObject({ type: 'document', document: { id: out.body.mediaId, filename: 'invoice-1001.pdf', caption: 'Your invoice' } });
    await rt.idle();
    const stored = await rt.action({ action: 'get_message', messageKey: out.body.messageKey });
    expect(stored.body.message).toMatchObject({ direction: 'outbound', type: 'document', status: 'read' });
  });

  it.each([
    ['an image over 5 MB', { type: 'image', media: { key: 'outbound/huge.jpg' } }, 'media.key', /image limit of 5 MB/],
    ['a missing object', { type: 'image', media: { key: 'outbound/none.jpg' } }, 'media.key', /no object s3:\/\//],
    ['a PDF as an image', { type: 'image', media: { key: 'outbound/invoice-1001.pdf' } }, 'media.key', /application\/pdf cannot be sent as image/],
    ['a caption on audio', { type: 'audio', media: { key: 'outbound/none.ogg' }, caption: 'x' }, 'caption', /no caption on audio/],
    ['a filename on an image', { type: 'image', media: { key: 'outbound/banner.png' }, filename: 'a.png' }, 'filename', /only a document/],
  ])('refuses %s before anything is sent, naming the field', async (_what, input, field, rule) => {
    const before = rt.sandboxes.eum.sentMessages().length;
    const out = await rt.action({ action: 'send_media', from, to: customer, ...input });
    expect(out.statusCode).toBe(400);
    expect(out.body.error.details.issues).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule: expect.stringMatching(rule) })]));
    expect(rt.sandboxes.eum.sentMessages()).toHaveLength(before);
  });

  it('upload_template_media returns the header handle; create_template with header_media does it for the user', async () => {
    const handle = await rt.action({ action: 'upload_template_media', format: 'IMAGE', media: { key: 'outbound/banner.png' } });
    expect(handle.statusCode).toBe(200);
    expect(rt.sandboxes.eum.headerHandles()).toContain(handle.body.headerHandle);
    const wrong = await rt.action({ action: 'upload_template_media', format: 'VIDEO', media: { key: 'outbound/banner.png' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body.error.details.issues[0]).toMatchObject({ field: 'media.key' });

    rt.sandboxes.eum.setReviewPlan({ outcome: 'APPROVED', delayMs: 0 }, 'order_banner');
    const created = await rt.action({
      action: 'create_template',
      name: 'order_banner',
      language: 'en_US',
      category: 'MARKETING',
      header_media: { key: 'outbound/banner.png' },
      components: [
        { type: 'HEADER', format: 'IMAGE' },
        { type: 'BODY', text: 'Your order {{1}} ships today', example: { body_text: [['#1001']] } },
      ],
      wait_for_approval: true,
    });
    expect(created.statusCode).toBe(200);
    const header = (created.body.template.components as { type: string; example?: { header_handle?: string[] } }[]).find((c) => c.type === 'HEADER');
    expect(rt.sandboxes.eum.headerHandles()).toContain(header?.example?.header_handle?.[0]);
    await rt.waitForEvent((e) => e.detailType === 'template.approved' && e.detail.templateName === 'order_banner', 20_000);

    const sent = await rt.action({
      action: 'send_template',
      from,
      to: customer,
      name: 'order_banner',
      language: 'en_US',
      parameters: ['#1001'],
      header_media: { type: 'image', key: 'outbound/banner.png' },
    });
    expect(sent.statusCode).toBe(200);
    const message = rt.sandboxes.eum.sentMessages().at(-1)!.message as { template: { components: { type: string; parameters: Record<string, unknown>[] }[] } };
    expect(message.template.components[0]).toEqual({ type: 'header', parameters: [{ type: 'image', image: { id: expect.stringMatching(/^\d+$/) } }] });
    expect(message.template.components[1]).toMatchObject({ type: 'body' });
  });

  it('the CLI sends a local file: checked first, put in the bucket under outbound/, then send_media', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'media-cli-'));
    const photo = join(dir, 'kettle photo.png');
    writeFileSync(photo, Buffer.from('\x89PNG kettle'));
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), env: {} };
    const code = await runCli(['send_media', '--from', from, '--to', customer, '--type', 'image', '--caption', 'here it is', '--file', photo, '--endpoint', rt.url, '--json'], io);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const key = rt.s3.keys(LOCAL_MEDIA_BUCKET).find((k) => k.endsWith('-kettle_photo.png'));
    expect(key).toMatch(/^outbound\//);
    expect(rt.sandboxes.eum.sentMessages().at(-1)!.message).toMatchObject({ type: 'image', image: { caption: 'here it is' } });

    const big = join(dir, 'big.png');
    writeFileSync(big, Buffer.alloc(5 * 1024 * 1024 + 1));
    const keys = rt.s3.keys(LOCAL_MEDIA_BUCKET).length;
    const refused = await runCli(['send_media', '--from', from, '--to', customer, '--type', 'image', '--file', big, '--endpoint', rt.url], {
      ...io,
      stderr: (t: string) => void err.push(t),
    });
    expect(refused).toBe(2);
    expect(err.join('\n')).toMatch(/--file: \d+ bytes is over WhatsApp's image limit of 5 MB/);
    expect(rt.s3.keys(LOCAL_MEDIA_BUCKET)).toHaveLength(keys);
  });
});
