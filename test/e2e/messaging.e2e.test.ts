import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/handlers/actions.js';
import { localTarget } from '../../local/cli/transport.js';
import { customerEntries, scenario } from '../../local/demo/scenarios/messaging.js';
import { startRuntime, type Runtime } from '../../local/runtime.js';

/** The EUM sandbox when the runtime has one (it is built concurrently), else undefined. */
type EumLike = {
  phoneNumber: { id: string; metaPhoneNumberId: string; metaWabaId: string; webhookDisplayPhoneNumber: string };
  deliverEntry(entry: object): Promise<void>;
  sentMessages(): unknown[];
};
function eumSandbox(rt: Runtime): EumLike | undefined {
  try {
    return rt.sandboxes.eum.phoneNumber ? rt.sandboxes.eum : undefined;
  } catch {
    return undefined;
  }
}

describe('messaging actions: HTTP POST /actions and the Lambda handler answer alike', () => {
  let rt: Runtime;
  beforeAll(async () => {
    rt = await startRuntime({ memory: true, port: 0, quiet: true, timeScale: 0.001, schedules: false });
  });
  afterAll(async () => rt?.stop());

  const viaHttp = async (body: unknown) => (await localTarget(rt.url).send(body)) as { statusCode: number; body: any };
  /** Direct invoke: success is the bare result, failure is { statusCode, error }. */
  const viaLambda = async (body: Record<string, unknown>) => {
    const out = (await handler(body)) as Record<string, unknown>;
    if (typeof out.statusCode === 'number' && out.error) {
      const { statusCode, ...rest } = out;
      return { statusCode, body: rest };
    }
    return { statusCode: 200, body: out };
  };
  /** The same handler behind API Gateway (HTTP API, payload v2). */
  const viaApiGateway = async (body: unknown) => {
    const out = (await handler({ requestContext: { http: { method: 'POST' } }, rawPath: '/actions', body: JSON.stringify(body), isBase64Encoded: false } as never)) as {
      statusCode: number;
      body: string;
    };
    return { statusCode: out.statusCode, body: JSON.parse(out.body) };
  };

  const deterministic: [string, Record<string, unknown>][] = [
    ['stub manage_catalog', { action: 'manage_catalog' }],
    ['stub update_business_profile', { action: 'update_business_profile', about: 'new text' }],
    ['list_capabilities', { action: 'list_capabilities' }],
    ['validation error with field paths', { action: 'send_product_list', from: 'phone-number-id-x', to: '919812345678', catalog_id: 'c', body: 'b', sections: [] }],
    ['unknown action', { action: 'send_fax' }],
  ];

  it.each(deterministic)('%s', async (_name, body) => {
    const http = await viaHttp(body);
    expect(await viaLambda(body)).toEqual(http);
    expect(await viaApiGateway(body)).toEqual(http);
  });

  it('a free-form send with no customer message is refused the same way on every door', async () => {
    const eum = eumSandbox(rt);
    const body = { action: 'send_text', from: eum?.phoneNumber.id ?? 'phone-number-id-none', to: '919800000001', text: 'hello' };
    const http = await viaHttp(body);
    if (!eum) {
      // Without the EUM sandbox the phone-number lookup itself fails; both doors still agree.
      expect(http.statusCode).toBeGreaterThanOrEqual(400);
    } else {
      expect(http.statusCode).toBe(409);
      expect(http.body.error.code).toBe('WindowClosed');
    }
    expect((await viaLambda(body)).statusCode).toBe(http.statusCode);
  });

  it('stubs carry their runbook over HTTP', async () => {
    const res = await viaHttp({ action: 'manage_catalog' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatchObject({ status: 'stub', supported: false });
    expect(res.body.runbook.join(' ')).toMatch(/Commerce Manager/);
  });

  it('inside the window a product message goes out through the EUM sandbox with our correlation id', async (ctx) => {
    const eum = eumSandbox(rt);
    if (!eum) return ctx.skip('the EUM sandbox is not in the tree yet');
    const customer = { waId: '919800000007' };
    await eum.deliverEntry(customerEntries(eum.phoneNumber, customer.waId).text('Hi, show me your teas'));
    await rt.idle();
    const res = await viaHttp({
      action: 'send_product_message',
      from: eum.phoneNumber.id,
      to: customer.waId,
      catalog_id: 'cat-1',
      product_retailer_id: 'sku-tea',
      body: 'Our best seller',
    });
    expect(res.statusCode, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'sent', type: 'interactive' });
    expect(res.body.messageKey).toMatch(/^out_/);
    expect(JSON.stringify(eum.sentMessages())).toContain(res.body.messageKey);
  });

  it('Flow lifecycle on the EUM sandbox: Meta validation errors, fix, publish, no delete once published, deprecate', async (ctx) => {
    const eum = eumSandbox(rt);
    if (!eum) return ctx.skip('the EUM sandbox is not in the tree yet');
    const screen = { id: 'ASK', title: 'Ask', terminal: true, layout: { type: 'SingleColumnLayout', children: [] } };
    const created = await viaHttp({ action: 'create_flow', name: `survey_${Date.now()}`, categories: ['SURVEY'], flow_json: { version: '1.0', screens: [screen] } });
    expect(created.statusCode, JSON.stringify(created.body)).toBe(200);
    expect(created.body).toMatchObject({ valid: false, published: false, flowStatus: 'DRAFT' });
    expect(created.body.message).toMatch(/Meta found 1 problem/);
    const flowId = created.body.flowId as string;
    const fixed = await viaHttp({ action: 'update_flow', flow_id: flowId, flow_json: { version: '7.1', screens: [screen] } });
    expect(fixed.body).toMatchObject({ valid: true, updated: ['flow_json'] });
    expect((await viaHttp({ action: 'publish_flow', flow_id: flowId })).body).toMatchObject({ flowStatus: 'PUBLISHED', published: true });
    expect(await viaLambda({ action: 'get_flow', flow_id: flowId })).toEqual(await viaHttp({ action: 'get_flow', flow_id: flowId }));
    expect((await viaHttp({ action: 'delete_flow', flow_id: flowId })).statusCode).toBe(409);
    expect((await viaHttp({ action: 'deprecate_flow', flow_id: flowId })).body).toMatchObject({ flowStatus: 'DEPRECATED' });
    const listed = await viaHttp({ action: 'list_flows' });
    expect(listed.body.flows.find((f: { flowId: string }) => f.flowId === flowId)).toMatchObject({ flowStatus: 'DEPRECATED', categories: ['SURVEY'] });
  });

  it('get_business_profile shows what EUM exposes, alike on both doors', async (ctx) => {
    const eum = eumSandbox(rt);
    if (!eum) return ctx.skip('the EUM sandbox is not in the tree yet');
    const body = { action: 'get_business_profile', from: eum.phoneNumber.id };
    const http = await viaHttp(body);
    expect(http.body).toMatchObject({ status: 'partial', profile: { metaPhoneNumberId: eum.phoneNumber.metaPhoneNumberId } });
    expect(await viaLambda(body)).toEqual(http);
  });

  it('the messaging demo scenario: window, product, Flow sent and completed, order received', async (ctx) => {
    if (!eumSandbox(rt)) return ctx.skip('the EUM sandbox is not in the tree yet');
    const result = await scenario.run(rt);
    expect(result.ok, result.summary).toBe(true);
    const completed = rt.events({ detailType: 'flow.completed' }).at(-1)!;
    // the default Flow token is our outbound message id: the completion leads back to the sent Flow
    const sentFlow = await viaHttp({ action: 'get_message', messageKey: (completed.detail as { flowToken: string }).flowToken });
    expect(sentFlow.body.message).toMatchObject({ direction: 'outbound', type: 'interactive' });
  });
});
