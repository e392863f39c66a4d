import * as sdk from '@aws-sdk/client-socialmessaging';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEumSandbox, type EumSandbox } from '../../../local/sandboxes/eum/index.js';
import { sdkConfig } from './support.js';

/**
 * Every id member the EUM Social API reference gives a pattern, through the real SDK client: a value
 * outside the pattern (Meta's numeric ids where EUM's belong, a template name where Meta's numeric
 * template id belongs) is refused with 400 ValidationException naming the member, as AWS refuses it
 * before any lookup; a well-formed id the account does not have stays 404 ResourceNotFoundException.
 */
let sandbox: EumSandbox;
let client: sdk.SocialMessagingClient;

beforeAll(async () => {
  sandbox = await startEumSandbox({ deliverWebhook: async () => {} });
  client = new sdk.SocialMessagingClient(sdkConfig(sandbox.endpoint));
});
afterAll(async () => {
  client.destroy();
  await sandbox.close();
});

const json = (v: object) => new TextEncoder().encode(JSON.stringify(v));
const S3 = { bucketName: 'media', key: 'in/' };

interface Case {
  operation: string;
  field: string;
  /** The operation's input with `value` in `field` and the sandbox's real ids elsewhere. */
  input: (value: string) => object;
  malformed: () => string;
  wellFormedUnknown: string;
}

const wabaCase = (operation: string, rest: object = {}): Case => ({
  operation,
  field: 'id',
  input: (id) => ({ ...rest, id }),
  malformed: () => sandbox.phoneNumber.metaWabaId,
  wellFormedUnknown: 'waba-00000000000000000000000000000000',
});
const phoneCase = (operation: string, field: string, rest: object = {}): Case => ({
  operation,
  field,
  input: (value) => ({ ...rest, [field]: value }),
  malformed: () => sandbox.phoneNumber.metaPhoneNumberId,
  wellFormedUnknown: 'phone-number-id-00000000000000000000000000000000',
});
const metaTemplateCase = (operation: string, rest: object): Case => ({
  operation,
  field: 'metaTemplateId',
  input: (metaTemplateId) => ({ ...rest, id: sandbox.phoneNumber.wabaId, metaTemplateId }),
  malformed: () => 'order_update',
  wellFormedUnknown: '999999999999999',
});

const CASES: Case[] = [
  wabaCase('CreateWhatsAppMessageTemplate', { templateDefinition: json({}) }),
  wabaCase('UpdateWhatsAppMessageTemplate', { metaTemplateId: '1' }),
  wabaCase('ListWhatsAppMessageTemplates'),
  wabaCase('GetWhatsAppMessageTemplate', { metaTemplateId: '1' }),
  wabaCase('DeleteWhatsAppMessageTemplate', { templateName: 'order_update' }),
  wabaCase('ListWhatsAppTemplateLibrary'),
  wabaCase('CreateWhatsAppMessageTemplateFromLibrary', { metaLibraryTemplate: {} }),
  wabaCase('CreateWhatsAppMessageTemplateMedia', { sourceS3File: S3 }),
  wabaCase('GetLinkedWhatsAppBusinessAccount'),
  wabaCase('CreateWhatsAppFlow', { flowName: 'signup', categories: ['SIGN_UP'] }),
  wabaCase('UpdateWhatsAppFlow', { flowId: '1' }),
  wabaCase('UpdateWhatsAppFlowAssets', { flowId: '1', flowJson: json({}) }),
  wabaCase('PublishWhatsAppFlow', { flowId: '1' }),
  wabaCase('GetWhatsAppFlow', { flowId: '1' }),
  wabaCase('GetWhatsAppFlowPreview', { flowId: '1' }),
  wabaCase('ListWhatsAppFlows'),
  wabaCase('ListWhatsAppFlowAssets', { flowId: '1' }),
  wabaCase('DeprecateWhatsAppFlow', { flowId: '1' }),
  wabaCase('DeleteWhatsAppFlow', { flowId: '1' }),
  phoneCase('GetLinkedWhatsAppBusinessAccountPhoneNumber', 'id'),
  phoneCase('SendWhatsAppMessage', 'originationPhoneNumberId', { metaApiVersion: 'v20.0', message: json({ messaging_product: 'whatsapp' }) }),
  phoneCase('GetWhatsAppMessageMedia', 'originationPhoneNumberId', { mediaId: '1', metadataOnly: true }),
  phoneCase('PostWhatsAppMessageMedia', 'originationPhoneNumberId', { sourceS3File: S3 }),
  phoneCase('DeleteWhatsAppMessageMedia', 'originationPhoneNumberId', { mediaId: '1' }),
  metaTemplateCase('GetWhatsAppMessageTemplate', {}),
  metaTemplateCase('DeleteWhatsAppMessageTemplate', { templateName: 'order_update' }),
];

function send(operation: string, input: object): Promise<unknown> {
  const Command = (sdk as unknown as Record<string, new (input: object) => Parameters<sdk.SocialMessagingClient['send']>[0]>)[`${operation}Command`];
  if (!Command) throw new Error(`the SDK has no ${operation}Command`);
  return client.send(new Command(input));
}

describe("EUM sandbox: ids outside the API reference's patterns are refused as AWS refuses them", () => {
  it.each(CASES.map((c) => [`${c.operation} ${c.field}`, c] as const))('%s: malformed → ValidationException (400) naming the member', async (_name, c) => {
    const value = c.malformed();
    const err = await send(c.operation, c.input(value)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    expect((err as Error).message).toContain(`at '${c.field}'`);
    expect((err as Error).message).toContain(value);
  });

  it.each(CASES.map((c) => [`${c.operation} ${c.field}`, c] as const))('%s: well-formed but unknown → ResourceNotFoundException (404)', async (_name, c) => {
    await expect(send(c.operation, c.input(c.wellFormedUnknown))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('an id longer than the reference allows is refused on its length', async () => {
    await expect(send('ListWhatsAppFlows', { id: `waba-${'0'.repeat(111)}` })).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining("at 'id' failed to satisfy constraint: Member must have length between 1 and 115"),
    });
  });
});
