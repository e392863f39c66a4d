import {
  CreateWhatsAppFlowCommand,
  DeleteWhatsAppFlowCommand,
  GetLinkedWhatsAppBusinessAccountPhoneNumberCommand,
  GetWhatsAppFlowCommand,
  PublishWhatsAppFlowCommand,
  SocialMessagingClient,
  UpdateWhatsAppFlowAssetsCommand,
} from '@aws-sdk/client-socialmessaging';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { actionHarness, RecordingSender } from './support.js';

const WABA = 'waba-0123456789';
const flowJson = {
  version: '7.1',
  screens: [
    {
      id: 'BOOKING',
      title: 'Book',
      terminal: true,
      layout: { type: 'SingleColumnLayout', children: [{ type: 'Footer', label: 'Done', 'on-click-action': { name: 'complete', payload: {} } }] },
    },
  ],
};

/** EUM's SDK mocked for every client; the function's default WABA is WABA. */
const eum = mockClient(SocialMessagingClient);
const flowHarness = () => actionHarness({ defaultWabaId: () => WABA });

describe('Flow management over EUM', () => {
  beforeEach(() => eum.reset());

  it('create_flow sends the Flow JSON bytes, categories and publish flag, and reports status', async () => {
    eum.on(CreateWhatsAppFlowCommand).resolves({ flowId: 'F1', validationErrors: [] });
    eum.on(GetWhatsAppFlowCommand).resolves({ flowId: 'F1', flowName: 'booking', flowStatus: 'PUBLISHED', validationErrors: [] });
    const res = await flowHarness().run({ action: 'create_flow', name: 'booking', categories: ['APPOINTMENT_BOOKING'], flow_json: flowJson, publish: true });
    expect(res.statusCode, JSON.stringify(res.body)).toBe(200);
    const input = eum.commandCalls(CreateWhatsAppFlowCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ id: WABA, flowName: 'booking', categories: ['APPOINTMENT_BOOKING'], publish: true });
    expect(JSON.parse(new TextDecoder().decode(input.flowJson))).toEqual(flowJson);
    expect(res.body).toMatchObject({ flowId: 'F1', flowStatus: 'PUBLISHED', published: true, valid: true, screens: ['BOOKING'] });
    expect((res.body as { runbook: string[] }).runbook.length).toBeGreaterThan(0);
  });

  it("create_flow shows Meta's validation errors from GetWhatsAppFlow clearly", async () => {
    eum.on(CreateWhatsAppFlowCommand).resolves({ flowId: 'F2' });
    eum.on(GetWhatsAppFlowCommand).resolves({ flowId: 'F2', flowName: 'x', flowStatus: 'DRAFT', validationErrors: ['INVALID_PROPERTY_VALUE: Footer label too long'] });
    const res = await flowHarness().run({ action: 'create_flow', name: 'x', categories: ['OTHER'], flow_json: JSON.stringify(flowJson) });
    expect(res.body).toMatchObject({ valid: false, published: false, validationErrors: ['INVALID_PROPERTY_VALUE: Footer label too long'] });
    expect((res.body as { message: string }).message).toMatch(/Meta found 1 problem.*Footer label too long.*update_flow/);
  });

  it('a structurally broken Flow JSON never reaches EUM and names the fields', async () => {
    const res = await flowHarness().run({
      action: 'create_flow',
      name: 'x',
      categories: ['SIGN_UP'],
      flow_json: { version: 'latest', screens: [{ id: 'A-1', layout: {} }] },
    });
    expect(res.statusCode).toBe(400);
    const fields = (res.body as { error: { details: { issues: { field: string }[] } } }).error.details.issues.map((i) => i.field);
    expect(fields).toEqual(['flow_json.version', 'flow_json.screens[0].id', 'flow_json.screens[0].layout', 'flow_json.screens']);
    expect(eum.commandCalls(CreateWhatsAppFlowCommand)).toHaveLength(0);
  });

  it("rejects an unknown category naming Meta's list", async () => {
    const res = await flowHarness().run({ action: 'create_flow', name: 'x', categories: ['PAYMENTS'] });
    expect(JSON.stringify(res.body)).toMatch(/categories\[0\].*SIGN_UP.*OTHER/);
  });

  it("update_flow replaces the Flow JSON and returns Meta's validation errors", async () => {
    eum.on(UpdateWhatsAppFlowAssetsCommand).resolves({ validationErrors: ['MISSING_REQUIRED_PROPERTY'] });
    eum.on(GetWhatsAppFlowCommand).resolves({ flowId: 'F1', flowName: 'x', flowStatus: 'DRAFT' });
    const res = await flowHarness().run({ action: 'update_flow', flow_id: 'F1', flow_json: flowJson });
    expect(res.body).toMatchObject({ updated: ['flow_json'], valid: false, validationErrors: ['MISSING_REQUIRED_PROPERTY'] });
  });

  it('publish_flow refuses while Meta reports validation errors, publishes otherwise', async () => {
    eum.on(GetWhatsAppFlowCommand).resolvesOnce({ flowId: 'F1', flowName: 'x', flowStatus: 'DRAFT', validationErrors: ['bad'] });
    const refused = await flowHarness().run({ action: 'publish_flow', flow_id: 'F1' });
    expect(refused.statusCode).toBe(409);
    expect(eum.commandCalls(PublishWhatsAppFlowCommand)).toHaveLength(0);
    eum.on(GetWhatsAppFlowCommand).resolvesOnce({ flowId: 'F1', flowName: 'x', flowStatus: 'DRAFT' }).resolves({ flowId: 'F1', flowName: 'x', flowStatus: 'PUBLISHED' });
    const ok = await flowHarness().run({ action: 'publish_flow', flow_id: 'F1' });
    expect(ok.body).toMatchObject({ flowStatus: 'PUBLISHED', published: true });
  });

  it('delete_flow deletes drafts only; published flows are pointed to deprecate_flow', async () => {
    eum.on(GetWhatsAppFlowCommand).resolves({ flowId: 'F1', flowName: 'x', flowStatus: 'PUBLISHED' });
    const res = await flowHarness().run({ action: 'delete_flow', flow_id: 'F1' });
    expect(res.statusCode).toBe(409);
    expect(JSON.stringify(res.body)).toMatch(/deprecate_flow/);
    expect(eum.commandCalls(DeleteWhatsAppFlowCommand)).toHaveLength(0);
  });

  it('maps EUM errors to clear provider errors', async () => {
    eum.on(GetWhatsAppFlowCommand).rejects(Object.assign(new Error('flow not found'), { name: 'ResourceNotFoundException' }));
    const res = await flowHarness().run({ action: 'get_flow', flow_id: 'nope' });
    expect(res.statusCode).toBe(404);
    expect(res.body).toMatchObject({ error: { code: 'ResourceNotFoundException', details: { retryable: false } } });
  });

  it('needs a WABA id when none is configured', async () => {
    const res = await actionHarness({ defaultWabaId: () => undefined }).run({ action: 'list_flows' });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/waba_id/);
  });

  it('get_business_profile returns what EUM exposes, marked partial with the runbook', async () => {
    eum.on(GetLinkedWhatsAppBusinessAccountPhoneNumberCommand).resolves({
      phoneNumber: {
        arn: 'arn:aws:social-messaging:us-east-1:1:phone-number-id/abc',
        phoneNumber: '+15550783881',
        phoneNumberId: 'phone-number-id-abc',
        metaPhoneNumberId: '106540352242922',
        displayPhoneNumberName: 'Lucky Shrub',
        displayPhoneNumber: '+1 555-078-3881',
        qualityRating: 'GREEN',
      },
      linkedWhatsAppBusinessAccountId: WABA,
    });
    const res = await flowHarness().run({ action: 'get_business_profile', from: 'phone-number-id-abc' });
    expect(res.body).toMatchObject({
      status: 'partial',
      profile: { displayPhoneNumberName: 'Lucky Shrub', qualityRating: 'GREEN', metaPhoneNumberId: '106540352242922', linkedWhatsAppBusinessAccountId: WABA },
    });
    expect((res.body as { runbook: string[] }).runbook.join(' ')).toMatch(/WhatsApp Manager.*Profile/);
  });
});

describe('stubs answer with their runbook', () => {
  it.each([
    ['manage_catalog', /Commerce Manager/, 'send_product_message'],
    ['update_business_profile', /WhatsApp Manager/, 'get_business_profile'],
  ])('%s', async (action, runbookText, alternative) => {
    const res = await actionHarness().run({ action, anything: 'else' });
    expect(res.statusCode).toBe(200);
    const body = res.body as { status: string; supported: boolean; reason: string; runbook: string[]; links: { url: string }[]; alternatives: string[] };
    expect(body).toMatchObject({ status: 'stub', supported: false });
    expect(body.reason).toMatch(/EUM/);
    expect(body.runbook.join(' ')).toMatch(runbookText);
    expect(body.links[0]!.url).toMatch(/^https:\/\//);
    expect(body.alternatives.join(' ')).toContain(alternative);
  });
});

describe('send_template against the stored template', () => {
  const sender = new RecordingSender();
  const stored = { status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hi {{1}}, order {{2}} ships today' }] };

  it("refuses a wrong number of variables, naming the template's variables", async () => {
    const res = await actionHarness({ sender, templates: { find: async () => stored } }).run({
      action: 'send_template',
      from: 'p',
      to: '919812345678',
      name: 'order_update',
      language: 'en',
      parameters: ['Asha'],
    });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.body)).toContain('parameters: the template has 2 variable(s) ({{1}}, {{2}}); got 1');
  });

  it('sends with the right variables and records the stored category', async () => {
    const h = actionHarness({ sender, templates: { find: async () => stored } });
    const res = await h.run({ action: 'send_template', from: 'p', to: '919812345678', name: 'order_update', language: 'en', parameters: ['Asha', 'A-17'] });
    expect(res.statusCode).toBe(200);
    expect(h.store.outbound[0]).toMatchObject({ templateName: 'order_update', templateCategory: 'UTILITY' });
  });

  it('refuses a template that is not approved', async () => {
    const res = await actionHarness({ sender, templates: { find: async () => ({ ...stored, status: 'PENDING' }) } }).run({
      action: 'send_template',
      from: 'p',
      to: '919812345678',
      name: 'order_update',
      language: 'en',
      parameters: ['a', 'b'],
    });
    expect(res.statusCode).toBe(409);
  });
});

describe('create_flow guidance for endpoint Flows', () => {
  it("says the endpoint and encryption key must be set up on Meta's side when the Flow exchanges data", async () => {
    eum.reset();
    eum.on(CreateWhatsAppFlowCommand).resolves({ flowId: 'F9' });
    eum.on(GetWhatsAppFlowCommand).resolves({ flowId: 'F9', flowName: 'x', flowStatus: 'DRAFT' });
    const res = await flowHarness().run({ action: 'create_flow', name: 'x', categories: ['LEAD_GENERATION'], flow_json: { ...flowJson, data_api_version: '3.0' } });
    expect((res.body as { dataEndpoint: string }).dataEndpoint).toMatch(/^required/);
    expect((res.body as { runbook: string[] }).runbook.join(' ')).toMatch(/encryption/);
  });
});
