import * as sdk from '@aws-sdk/client-socialmessaging';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEumSandbox, type EumSandbox } from '../../../local/sandboxes/eum/index.js';
import { normalizeEumSnsMessage } from '../../../functions/domain/ingest/normalize-eum.js';
import { parseEumBody, sdkConfig, WebhookInbox } from './support.js';

const enc = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
/** A minimal Flow JSON in the shape of Meta's Flow JSON reference. */
const bookingFlow = {
  version: '7.1',
  screens: [
    {
      id: 'BOOKING',
      title: 'Book a slot',
      terminal: true,
      layout: { type: 'SingleColumnLayout', children: [{ type: 'Footer', label: 'Book', 'on-click-action': { name: 'complete', payload: {} } }] },
    },
  ],
};

let sandbox: EumSandbox;
let client: sdk.SocialMessagingClient;
let id: string;
let inbox: WebhookInbox<string>;

beforeEach(async () => {
  inbox = new WebhookInbox<string>();
  sandbox = await startEumSandbox({ deliverWebhook: async (b) => inbox.push(b), timeScale: 0.01 });
  client = new sdk.SocialMessagingClient(sdkConfig(sandbox.endpoint));
  id = sandbox.phoneNumber.wabaId;
});
afterEach(async () => {
  client.destroy();
  await sandbox.close();
});

describe('EUM sandbox: WhatsApp Flows through the real SocialMessagingClient', () => {
  it('draft → publish → deprecate, with details, preview, assets and list', async () => {
    const created = await client.send(new sdk.CreateWhatsAppFlowCommand({ id, flowName: 'booking', categories: ['APPOINTMENT_BOOKING'], flowJson: enc(bookingFlow) }));
    expect(created.validationErrors).toEqual([]);
    const flowId = created.flowId!;
    expect(flowId).toMatch(/^\d{16}$/);

    const draft = await client.send(new sdk.GetWhatsAppFlowCommand({ id, flowId }));
    expect(draft).toMatchObject({
      flowId,
      flowName: 'booking',
      flowStatus: 'DRAFT',
      categories: ['APPOINTMENT_BOOKING'],
      validationErrors: [],
      jsonVersion: '7.1',
      healthStatus: { canSendMessage: 'AVAILABLE' },
    });
    expect(draft.preview?.previewUrl).toContain(flowId);
    expect(draft.whatsAppBusinessAccount?.id).toBe(sandbox.phoneNumber.metaWabaId);

    const assets = await client.send(new sdk.ListWhatsAppFlowAssetsCommand({ id, flowId }));
    expect(assets.flowAssets).toEqual([{ name: 'flow.json', assetType: 'FLOW_JSON', downloadUrl: expect.stringContaining(sandbox.endpoint) }]);
    expect(await (await fetch(assets.flowAssets![0]!.downloadUrl!)).json()).toEqual(bookingFlow);

    const before = (await client.send(new sdk.GetWhatsAppFlowPreviewCommand({ id, flowId }))).preview!.previewUrl;
    const after = (await client.send(new sdk.GetWhatsAppFlowPreviewCommand({ id, flowId, invalidate: true }))).preview!.previewUrl;
    expect(after).not.toBe(before);

    await client.send(new sdk.UpdateWhatsAppFlowCommand({ id, flowId, flowName: 'booking_v2', categories: ['APPOINTMENT_BOOKING', 'OTHER'] }));
    await client.send(new sdk.PublishWhatsAppFlowCommand({ id, flowId }));
    expect((await client.send(new sdk.ListWhatsAppFlowsCommand({ id }))).flows).toEqual([
      { flowId, flowName: 'booking_v2', flowStatus: 'PUBLISHED', flowCategories: ['APPOINTMENT_BOOKING', 'OTHER'], validationErrors: [] },
    ]);
    await expect(client.send(new sdk.UpdateWhatsAppFlowAssetsCommand({ id, flowId, flowJson: enc(bookingFlow) }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(client.send(new sdk.DeleteWhatsAppFlowCommand({ id, flowId }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('only DRAFT'),
    });

    await client.send(new sdk.DeprecateWhatsAppFlowCommand({ id, flowId }));
    expect(sandbox.flows()[0]).toMatchObject({ flowId, status: 'DEPRECATED' });

    // Meta's `flows` webhook for each status change; the ingest acknowledges it without rejecting.
    await inbox.until(() => sandbox.pending() === 0 && inbox.items.length === 2);
    expect(inbox.items.map((b) => parseEumBody(b).entry.changes[0])).toEqual([
      { field: 'flows', value: expect.objectContaining({ event: 'FLOW_STATUS_CHANGE', flow_id: flowId, old_status: 'DRAFT', new_status: 'PUBLISHED' }) },
      { field: 'flows', value: expect.objectContaining({ event: 'FLOW_STATUS_CHANGE', flow_id: flowId, old_status: 'PUBLISHED', new_status: 'DEPRECATED' }) },
    ]);
    for (const b of inbox.items) expect(normalizeEumSnsMessage(b, new Date().toISOString()).rejected).toEqual([]);
  });

  it('reports Meta validation errors for bad Flow JSON, refuses to publish, accepts a fix', async () => {
    const created = await client.send(new sdk.CreateWhatsAppFlowCommand({ id, flowName: 'survey', categories: ['SURVEY'], flowJson: enc({ screens: [] }), publish: true }));
    expect(created.validationErrors).toEqual([
      'MISSING_REQUIRED_PROPERTY: The property "version" is required at "$"',
      'INVALID_PROPERTY_VALUE: "screens" must be a non-empty array at "$.screens"',
    ]);
    const flowId = created.flowId!;
    expect((await client.send(new sdk.GetWhatsAppFlowCommand({ id, flowId }))).flowStatus).toBe('DRAFT');
    await expect(client.send(new sdk.PublishWhatsAppFlowCommand({ id, flowId }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('validation errors'),
    });

    const broken = await client.send(new sdk.UpdateWhatsAppFlowAssetsCommand({ id, flowId, flowJson: enc('{"version": "7.1", ') }));
    expect(broken.validationErrors?.[0]).toMatch(/^INVALID_JSON/);
    const noTerminal = await client.send(
      new sdk.UpdateWhatsAppFlowAssetsCommand({ id, flowId, flowJson: enc({ version: '7.1', screens: [{ id: 'A', layout: { type: 'SingleColumnLayout', children: [] } }] }) }),
    );
    expect(noTerminal.validationErrors).toEqual(['MISSING_TERMINAL_SCREEN: At least one screen must have "terminal": true']);
    const fixed = await client.send(new sdk.UpdateWhatsAppFlowAssetsCommand({ id, flowId, flowJson: enc(bookingFlow) }));
    expect(fixed.validationErrors).toEqual([]);
    await client.send(new sdk.PublishWhatsAppFlowCommand({ id, flowId }));
    expect((await client.send(new sdk.GetWhatsAppFlowCommand({ id, flowId }))).flowStatus).toBe('PUBLISHED');
  });

  it('deletes drafts only, clones, and answers unknown flows and bad input like the service', async () => {
    const a = await client.send(new sdk.CreateWhatsAppFlowCommand({ id, flowName: 'a', categories: ['OTHER'], flowJson: enc(bookingFlow) }));
    const clone = await client.send(new sdk.CreateWhatsAppFlowCommand({ id, flowName: 'a_copy', categories: ['OTHER'], cloneFlowId: a.flowId }));
    expect(sandbox.flows().find((f) => f.flowId === clone.flowId)?.json).toBe(JSON.stringify(bookingFlow));
    await expect(client.send(new sdk.CreateWhatsAppFlowCommand({ id, flowName: 'a', categories: ['OTHER'] }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('already exists'),
    });
    await expect(client.send(new sdk.CreateWhatsAppFlowCommand({ id, flowName: 'b', categories: [] }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('categories'),
    });
    await client.send(new sdk.DeleteWhatsAppFlowCommand({ id, flowId: a.flowId }));
    await expect(client.send(new sdk.GetWhatsAppFlowCommand({ id, flowId: a.flowId }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(client.send(new sdk.ListWhatsAppFlowsCommand({ id: 'waba-unknown' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(sandbox.flows().map((f) => f.name)).toEqual(['a_copy']);
  });
});
