import {
  CreateWhatsAppMessageTemplateCommand,
  CreateWhatsAppMessageTemplateFromLibraryCommand,
  DeleteWhatsAppMessageTemplateCommand,
  GetLinkedWhatsAppBusinessAccountCommand,
  GetLinkedWhatsAppBusinessAccountPhoneNumberCommand,
  GetWhatsAppMessageTemplateCommand,
  ListLinkedWhatsAppBusinessAccountsCommand,
  ListWhatsAppMessageTemplatesCommand,
  ListWhatsAppTemplateLibraryCommand,
  SendWhatsAppMessageCommand,
  SocialMessagingClient,
  UpdateWhatsAppMessageTemplateCommand,
} from '@aws-sdk/client-socialmessaging';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MetaStatusSchema, PhoneQualityValueSchema, TemplateStatusValueSchema } from '../../../events/inbound/meta-webhook.js';
import { startEumSandbox, type EumSandbox } from '../../../local/sandboxes/eum/index.js';
import { parseEumBody, sdkConfig, WebhookInbox } from './support.js';

const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const orderConfirmation = (name = 'order_confirmation') => ({
  name,
  language: 'en_US',
  category: 'UTILITY',
  components: [{ type: 'BODY', text: 'Hi {{1}}, your order {{2}} is confirmed.', example: { body_text: [['Asha', '#1001']] } }],
});

let sandbox: EumSandbox;
let client: SocialMessagingClient;
let inbox: WebhookInbox<string>;

beforeEach(async () => {
  inbox = new WebhookInbox<string>();
  sandbox = await startEumSandbox({ deliverWebhook: async (b) => inbox.push(b), timeScale: 0.01 });
  client = new SocialMessagingClient(sdkConfig(sandbox.endpoint));
});
afterEach(async () => {
  client.destroy();
  await sandbox.close();
});

const changesOf = (field: string) => inbox.items.map(parseEumBody).flatMap((p) => p.entry.changes.filter((c) => c.field === field).map((c) => ({ ...p, value: c.value })));

describe('EUM sandbox: templates through the real SocialMessagingClient', () => {
  it('creates, lists, gets and deletes a template; the review approves it and sends the status webhook', async () => {
    const wabaId = sandbox.phoneNumber.wabaId;
    const created = await client.send(new CreateWhatsAppMessageTemplateCommand({ id: wabaId, templateDefinition: enc(orderConfirmation()) }));
    expect(created).toMatchObject({ templateStatus: 'PENDING', category: 'UTILITY' });
    expect(created.metaTemplateId).toMatch(/^\d{16}$/);

    const [update] = await inbox.until(() => changesOf('message_template_status_update').length > 0 && changesOf('message_template_status_update'));
    const value = TemplateStatusValueSchema.parse(update!.value);
    expect(update!.value).toMatchObject({
      event: 'APPROVED',
      message_template_name: 'order_confirmation',
      message_template_language: 'en_US',
      reason: 'NONE',
      message_template_category: 'UTILITY',
    });
    expect(typeof (update!.value as { message_template_id: unknown }).message_template_id).toBe('number');
    expect(value.message_template_id).toBe(created.metaTemplateId);
    expect(update!.entry.id).toBe(sandbox.phoneNumber.metaWabaId);
    expect(typeof update!.entry.time).toBe('number');
    expect(update!.envelope.context?.MetaWabaIds?.[0]?.wabaId).toBe(sandbox.phoneNumber.metaWabaId);

    const list = await client.send(new ListWhatsAppMessageTemplatesCommand({ id: wabaId }));
    expect(list.templates).toEqual([
      {
        templateName: 'order_confirmation',
        metaTemplateId: created.metaTemplateId,
        templateStatus: 'APPROVED',
        templateQualityScore: 'UNKNOWN',
        templateLanguage: 'en_US',
        templateCategory: 'UTILITY',
      },
    ]);
    const got = await client.send(new GetWhatsAppMessageTemplateCommand({ id: wabaId, metaTemplateId: created.metaTemplateId }));
    expect(JSON.parse(got.template!)).toMatchObject({
      name: 'order_confirmation',
      status: 'APPROVED',
      category: 'UTILITY',
      language: 'en_US',
      id: created.metaTemplateId,
      components: orderConfirmation().components,
    });

    await client.send(new DeleteWhatsAppMessageTemplateCommand({ id: wabaId, templateName: 'order_confirmation', metaTemplateId: created.metaTemplateId }));
    expect((await client.send(new ListWhatsAppMessageTemplatesCommand({ id: wabaId }))).templates).toEqual([]);
    await expect(client.send(new GetWhatsAppMessageTemplateCommand({ id: wabaId, metaTemplateId: created.metaTemplateId }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('follows the review plan: rejected with reason, silent, and status change without webhook', async () => {
    const wabaId = sandbox.phoneNumber.wabaId;
    sandbox.setReviewPlan({ outcome: 'REJECTED', reason: 'TAG_CONTENT_MISMATCH', delayMs: 100 }, 'promo_rejected');
    sandbox.setReviewPlan({ outcome: 'SILENT' }, 'promo_silent');
    sandbox.setReviewPlan({ outcome: 'NO_WEBHOOK', delayMs: 100 }, 'promo_polled');
    for (const name of ['promo_rejected', 'promo_silent', 'promo_polled'])
      await client.send(new CreateWhatsAppMessageTemplateCommand({ id: wabaId, templateDefinition: enc({ ...orderConfirmation(name), category: 'MARKETING' }) }));

    await inbox.until(() => changesOf('message_template_status_update').length === 1);
    await inbox.until(() => sandbox.pending() === 0);
    const updates = changesOf('message_template_status_update');
    expect(updates.map((u) => u.value)).toEqual([
      expect.objectContaining({ event: 'REJECTED', reason: 'TAG_CONTENT_MISMATCH', message_template_name: 'promo_rejected', message_template_category: 'MARKETING' }),
    ]);
    const statuses = Object.fromEntries(sandbox.templates().map((t) => [t.name, t.status]));
    expect(statuses).toEqual({ promo_rejected: 'REJECTED', promo_silent: 'PENDING', promo_polled: 'APPROVED' });
    const rejected = sandbox.templates().find((t) => t.name === 'promo_rejected')!;
    const got = await client.send(new GetWhatsAppMessageTemplateCommand({ id: wabaId, metaTemplateId: rejected.metaTemplateId }));
    expect(JSON.parse(got.template!)).toMatchObject({ status: 'REJECTED', rejected_reason: 'TAG_CONTENT_MISMATCH' });
  });

  it('re-categorizes on approval when the plan says so: template_category_update, then APPROVED', async () => {
    sandbox.setReviewPlan({ outcome: 'APPROVED', category: 'MARKETING' }, 'order_confirmation');
    await client.send(new CreateWhatsAppMessageTemplateCommand({ id: sandbox.phoneNumber.wabaId, templateDefinition: enc(orderConfirmation()) }));
    await inbox.until(() => sandbox.pending() === 0 && inbox.items.length === 2);
    expect(inbox.items.map((b) => parseEumBody(b).entry.changes[0]!.field)).toEqual(['template_category_update', 'message_template_status_update']);
    expect(changesOf('template_category_update')[0]!.value).toMatchObject({ previous_category: 'UTILITY', new_category: 'MARKETING', message_template_name: 'order_confirmation' });
    expect(changesOf('message_template_status_update')[0]!.value).toMatchObject({ event: 'APPROVED', message_template_category: 'MARKETING' });
    expect(sandbox.templates()[0]).toMatchObject({ category: 'MARKETING', status: 'APPROVED' });
  });

  it('sends an edited template back to review and reports it again', async () => {
    const wabaId = sandbox.phoneNumber.wabaId;
    const created = await client.send(new CreateWhatsAppMessageTemplateCommand({ id: wabaId, templateDefinition: enc(orderConfirmation()) }));
    await inbox.until(() => changesOf('message_template_status_update').length === 1);
    // A slower second review, so the PENDING state is observable before it ends.
    sandbox.setReviewPlan({ outcome: 'APPROVED', delayMs: 50_000 }, 'order_confirmation');
    await client.send(
      new UpdateWhatsAppMessageTemplateCommand({
        id: wabaId,
        metaTemplateId: created.metaTemplateId,
        templateComponents: enc([{ type: 'BODY', text: 'Order {{1}} confirmed.', example: { body_text: [['#1']] } }]),
      }),
    );
    expect(sandbox.templates()[0]).toMatchObject({ status: 'PENDING', version: 2 });
    await inbox.until(() => changesOf('message_template_status_update').length === 2);
    expect(sandbox.templates()[0]).toMatchObject({ status: 'APPROVED', components: [{ type: 'BODY', text: 'Order {{1}} confirmed.' }] });
  });

  it('answers bad input like the service: ValidationException 400, unknown WABA 404, duplicate name', async () => {
    const wabaId = sandbox.phoneNumber.wabaId;
    await expect(
      client.send(new CreateWhatsAppMessageTemplateCommand({ id: wabaId, templateDefinition: enc({ ...orderConfirmation(), name: 'Bad Name' }) })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('templateDefinition.name'),
      $metadata: { httpStatusCode: 400 },
    });
    await expect(client.send(new ListWhatsAppMessageTemplatesCommand({ id: 'waba-doesnotexist' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await client.send(new CreateWhatsAppMessageTemplateCommand({ id: wabaId, templateDefinition: enc(orderConfirmation()) }));
    await expect(client.send(new CreateWhatsAppMessageTemplateCommand({ id: wabaId, templateDefinition: enc(orderConfirmation()) }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('already exists'),
    });
  });

  it('refuses variables without examples and a deleted name+language for 4 weeks, as Meta does', async () => {
    const wabaId = sandbox.phoneNumber.wabaId;
    const noExample = { ...orderConfirmation(), components: [{ type: 'BODY', text: 'Hi {{1}}' }] };
    await expect(client.send(new CreateWhatsAppMessageTemplateCommand({ id: wabaId, templateDefinition: enc(noExample) }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('(example)'),
    });
    const created = await client.send(new CreateWhatsAppMessageTemplateCommand({ id: wabaId, templateDefinition: enc(orderConfirmation()) }));
    await client.send(new DeleteWhatsAppMessageTemplateCommand({ id: wabaId, templateName: 'order_confirmation', metaTemplateId: created.metaTemplateId }));
    await expect(client.send(new CreateWhatsAppMessageTemplateCommand({ id: wabaId, templateDefinition: enc(orderConfirmation()) }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('2388023'),
    });
    await expect(
      client.send(new CreateWhatsAppMessageTemplateCommand({ id: wabaId, templateDefinition: enc({ ...orderConfirmation(), language: 'hi' }) })),
    ).resolves.toHaveProperty('metaTemplateId');
  });

  it('pages the template list and shows externally created templates', async () => {
    const wabaId = sandbox.phoneNumber.wabaId;
    for (let i = 0; i < 5; i++) sandbox.createExternalTemplate(orderConfirmation(`external_${i}`), 'APPROVED');
    const names: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const out = await client.send(new ListWhatsAppMessageTemplatesCommand({ id: wabaId, maxResults: 2, nextToken }));
      names.push(...out.templates!.map((t) => t.templateName!));
      nextToken = out.nextToken;
      pages++;
    } while (nextToken);
    expect(pages).toBe(3);
    expect(names).toEqual(['external_0', 'external_1', 'external_2', 'external_3', 'external_4']);
    expect(inbox.items).toEqual([]);
  });

  it('lists the template library and creates a template from it, which goes through review', async () => {
    const wabaId = sandbox.phoneNumber.wabaId;
    const lib = await client.send(new ListWhatsAppTemplateLibraryCommand({ id: wabaId, filters: { topic: 'PAYMENTS', language: 'en_US' } }));
    expect(lib.metaLibraryTemplates?.map((t) => t.templateName)).toEqual(['payment_reminder_1']);
    expect(lib.metaLibraryTemplates?.[0]).toMatchObject({ templateCategory: 'UTILITY', templateButtons: [{ type: 'URL', text: 'Pay now' }] });

    await expect(
      client.send(
        new CreateWhatsAppMessageTemplateFromLibraryCommand({
          id: wabaId,
          metaLibraryTemplate: { templateName: 'pay_reminder', libraryTemplateName: 'payment_reminder_1', templateCategory: 'UTILITY', templateLanguage: 'en_US' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('url.base_url') });
    const out = await client.send(
      new CreateWhatsAppMessageTemplateFromLibraryCommand({
        id: wabaId,
        metaLibraryTemplate: {
          templateName: 'pay_reminder',
          libraryTemplateName: 'payment_reminder_1',
          templateCategory: 'UTILITY',
          templateLanguage: 'en_US',
          libraryTemplateButtonInputs: [{ type: 'URL', url: { base_url: 'https://shop.example.com/pay/{{1}}', url_suffix_example: 'https://shop.example.com/pay/abc' } }],
        },
      }),
    );
    expect(out).toMatchObject({ templateStatus: 'PENDING', category: 'UTILITY' });
    await inbox.until(() => changesOf('message_template_status_update').length === 1);
    expect(sandbox.templates()[0]).toMatchObject({ name: 'pay_reminder', status: 'APPROVED', source: 'library', libraryTemplateName: 'payment_reminder_1' });
  });
});

describe('EUM sandbox: sends and status webhooks', () => {
  it('returns a UUID and delivers sent → delivered → read with pricing and the callback data', async () => {
    sandbox.createExternalTemplate(orderConfirmation(), 'APPROVED');
    const out = await client.send(
      new SendWhatsAppMessageCommand({
        originationPhoneNumberId: sandbox.phoneNumber.id,
        metaApiVersion: 'v20.0',
        message: enc({
          messaging_product: 'whatsapp',
          to: '919876543210',
          type: 'template',
          biz_opaque_callback_data: 'msg-42',
          template: { name: 'order_confirmation', language: { code: 'en_US' } },
        }),
      }),
    );
    expect(out.messageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    await inbox.until(() => changesOf('messages').length === 3);
    const statuses = changesOf('messages').map((c) => MetaStatusSchema.parse((c.value as { statuses: unknown[] }).statuses[0]));
    expect(statuses.map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
    const wamid = sandbox.sentMessages()[0]!.wamid;
    for (const s of statuses) {
      expect(s).toMatchObject({
        id: wamid,
        recipient_id: '919876543210',
        biz_opaque_callback_data: 'msg-42',
        pricing: { billable: true, pricing_model: 'PMP', category: 'utility', type: 'regular' },
      });
    }
    const first = changesOf('messages')[0]!;
    expect(first.value).toMatchObject({
      messaging_product: 'whatsapp',
      metadata: { phone_number_id: sandbox.phoneNumber.metaPhoneNumberId, display_phone_number: sandbox.phoneNumber.webhookDisplayPhoneNumber },
    });
    expect(first.envelope.context?.MetaPhoneNumberIds?.[0]?.metaPhoneNumberId).toBe(sandbox.phoneNumber.metaPhoneNumberId);
    expect(sandbox.sentMessages()[0]).toMatchObject({ messageId: out.messageId, templateName: 'order_confirmation', statuses: ['sent', 'delivered', 'read'] });
  });

  it('prices a free-form reply as service and fails per the delivery plan with the Meta error', async () => {
    sandbox.setDeliveryPlan({ outcome: 'failed', errorCode: 131049 }, '919800000002');
    const send = (to: string) =>
      client.send(
        new SendWhatsAppMessageCommand({
          originationPhoneNumberId: sandbox.phoneNumber.arn,
          metaApiVersion: 'v20.0',
          message: enc({ messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body: 'Hello' } }),
        }),
      );
    await send('919800000001');
    await send('+919800000002');
    await inbox.until(() => changesOf('messages').length === 4);
    const byRecipient = (id: string) =>
      changesOf('messages')
        .map((c) => (c.value as { statuses: Record<string, unknown>[] }).statuses[0]!)
        .filter((s) => s.recipient_id === id);
    expect(byRecipient('919800000001').map((s) => [s.status, s.pricing])).toEqual([
      ['sent', { billable: false, pricing_model: 'PMP', category: 'service', type: 'free_customer_service' }],
      ['delivered', { billable: false, pricing_model: 'PMP', category: 'service', type: 'free_customer_service' }],
      ['read', { billable: false, pricing_model: 'PMP', category: 'service', type: 'free_customer_service' }],
    ]);
    const [failed] = byRecipient('919800000002');
    expect(MetaStatusSchema.parse(failed)).toMatchObject({ status: 'failed', errors: [{ code: 131049 }] });
    expect(failed).not.toHaveProperty('pricing');
  });

  it('rejects malformed messages, unknown phone numbers and unapproved templates', async () => {
    const base = { originationPhoneNumberId: sandbox.phoneNumber.id, metaApiVersion: 'v20.0' };
    await expect(client.send(new SendWhatsAppMessageCommand({ ...base, message: enc({ to: '919800000001', type: 'text', text: { body: 'x' } }) }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('messaging_product'),
    });
    await expect(
      client.send(new SendWhatsAppMessageCommand({ ...base, message: enc({ messaging_product: 'whatsapp', type: 'text', text: { body: 'x' } }) })),
    ).rejects.toMatchObject({
      message: expect.stringContaining('to'),
    });
    await expect(
      client.send(new SendWhatsAppMessageCommand({ ...base, message: enc({ messaging_product: 'whatsapp', to: '919800000001', type: 'carrier_pigeon' }) })),
    ).rejects.toMatchObject({
      message: expect.stringContaining('type'),
    });
    await expect(
      client.send(
        new SendWhatsAppMessageCommand({
          ...base,
          message: enc({ messaging_product: 'whatsapp', to: '919800000001', type: 'template', template: { name: 'nope', language: { code: 'en_US' } } }),
        }),
      ),
    ).rejects.toMatchObject({ message: expect.stringContaining('132001') });
    await expect(
      client.send(
        new SendWhatsAppMessageCommand({
          ...base,
          originationPhoneNumberId: 'phone-number-id-unknown',
          message: enc({ messaging_product: 'whatsapp', to: '919800000001', text: { body: 'x' } }),
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(sandbox.sentMessages()).toEqual([]);
  });

  it('fails free-form sends outside the customer-service window with 131047 when asked to enforce it', async () => {
    const strict = await startEumSandbox({ deliverWebhook: async (b) => inbox.push(b), timeScale: 0.01, enforceCustomerServiceWindow: true });
    const strictClient = new SocialMessagingClient(sdkConfig(strict.endpoint));
    try {
      strict.noteInbound('919800000001');
      for (const to of ['919800000001', '919800000002'])
        await strictClient.send(
          new SendWhatsAppMessageCommand({
            originationPhoneNumberId: strict.phoneNumber.id,
            metaApiVersion: 'v20.0',
            message: enc({ messaging_product: 'whatsapp', to, type: 'text', text: { body: 'hi' } }),
          }),
        );
      await inbox.until(() => strict.pending() === 0 && inbox.items.length === 4);
      const outcome = changesOf('messages').map((c) => (c.value as { statuses: { recipient_id: string; status: string; errors?: { code: number }[] }[] }).statuses[0]!);
      expect(outcome.filter((s) => s.recipient_id === '919800000001').map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
      expect(outcome.filter((s) => s.recipient_id === '919800000002')).toEqual([
        expect.objectContaining({ status: 'failed', errors: [expect.objectContaining({ code: 131047 })] }),
      ]);
    } finally {
      strictClient.destroy();
      await strict.close();
    }
  });

  it('injects faults on demand (ThrottledRequestException 429)', async () => {
    sandbox.setFault({ operation: 'SendWhatsAppMessage', error: 'ThrottledRequestException', rate: 1 });
    const message = enc({ messaging_product: 'whatsapp', to: '919800000001', type: 'text', text: { body: 'x' } });
    await expect(client.send(new SendWhatsAppMessageCommand({ originationPhoneNumberId: sandbox.phoneNumber.id, metaApiVersion: 'v20.0', message }))).rejects.toMatchObject({
      name: 'ThrottledRequestException',
      $metadata: { httpStatusCode: 429 },
    });
    sandbox.setFault(undefined);
    await expect(client.send(new SendWhatsAppMessageCommand({ originationPhoneNumberId: sandbox.phoneNumber.id, metaApiVersion: 'v20.0', message }))).resolves.toHaveProperty(
      'messageId',
    );
    sandbox.setFault({ error: 'InternalServiceException', times: 1 });
    await expect(client.send(new SendWhatsAppMessageCommand({ originationPhoneNumberId: sandbox.phoneNumber.id, metaApiVersion: 'v20.0', message }))).rejects.toMatchObject({
      name: 'InternalServiceException',
      $metadata: { httpStatusCode: 500 },
    });
    await expect(client.send(new SendWhatsAppMessageCommand({ originationPhoneNumberId: sandbox.phoneNumber.id, metaApiVersion: 'v20.0', message }))).resolves.toHaveProperty(
      'messageId',
    );
  });
});

describe('EUM sandbox: linked account, phone number and quality', () => {
  it('describes the linked WABA and phone number and reports quality changes', async () => {
    const accounts = await client.send(new ListLinkedWhatsAppBusinessAccountsCommand({}));
    expect(accounts.linkedAccounts).toEqual([expect.objectContaining({ id: sandbox.phoneNumber.wabaId, wabaId: sandbox.phoneNumber.metaWabaId, registrationStatus: 'COMPLETE' })]);
    expect(accounts.linkedAccounts![0]!.linkDate).toBeInstanceOf(Date);
    const account = await client.send(new GetLinkedWhatsAppBusinessAccountCommand({ id: sandbox.phoneNumber.wabaId }));
    expect(account.account?.phoneNumbers).toEqual([
      expect.objectContaining({ phoneNumberId: sandbox.phoneNumber.id, metaPhoneNumberId: sandbox.phoneNumber.metaPhoneNumberId, qualityRating: 'GREEN' }),
    ]);

    sandbox.triggerPhoneQuality({ event: 'DOWNGRADE', currentLimit: 'TIER_250', rating: 'RED' });
    const phone = await client.send(new GetLinkedWhatsAppBusinessAccountPhoneNumberCommand({ id: sandbox.phoneNumber.id }));
    expect(phone).toMatchObject({
      phoneNumber: { qualityRating: 'RED', displayPhoneNumber: sandbox.phoneNumber.displayPhoneNumber },
      linkedWhatsAppBusinessAccountId: sandbox.phoneNumber.wabaId,
    });
    const [update] = await inbox.until(() => changesOf('phone_number_quality_update').length === 1 && changesOf('phone_number_quality_update'));
    expect(PhoneQualityValueSchema.parse(update!.value)).toMatchObject({
      event: 'DOWNGRADE',
      current_limit: 'TIER_250',
      old_limit: 'TIER_1K',
      display_phone_number: sandbox.phoneNumber.webhookDisplayPhoneNumber,
    });

    sandbox.createExternalTemplate(orderConfirmation(), 'APPROVED');
    sandbox.triggerTemplateQuality({ templateName: 'order_confirmation', rating: 'YELLOW' });
    const [quality] = await inbox.until(() => changesOf('message_template_quality_update').length === 1 && changesOf('message_template_quality_update'));
    expect(quality!.value).toMatchObject({ previous_quality_score: 'UNKNOWN', new_quality_score: 'YELLOW', message_template_name: 'order_confirmation' });
  });
});
