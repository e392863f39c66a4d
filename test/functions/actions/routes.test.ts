import { describe, expect, it } from 'vitest';
import { actions, capabilities } from '../../../functions/actions/registry.js';
import { routeAction, type ConcernInvoker } from '../../../functions/actions/front.js';
import { ACTION_CONCERN, CONCERNS, concernFunction, LIST_CAPABILITIES, type Concern } from '../../../functions/actions/routes.js';
import type { ActionResponse } from '../../../functions/actions/dispatch.js';
import { functionCatalog } from '../../../infra/function-catalog.js';

const concernModules: Record<Concern, () => Promise<{ concernActions: { name: string }[]; handler: (r: unknown) => Promise<ActionResponse> }>> = {
  messaging: () => import('../../../functions/handlers/actions-messaging.js'),
  flows: () => import('../../../functions/handlers/actions-flows.js'),
  templates: () => import('../../../functions/handlers/actions-templates.js'),
  payments: () => import('../../../functions/handlers/actions-payments.js'),
  insights: () => import('../../../functions/handlers/actions-insights.js'),
};

/** Invokes the concern handlers in-process and records which function got what. */
function recordingInvoker(): ConcernInvoker & { calls: { fn: string; request: unknown }[] } {
  const calls: { fn: string; request: unknown }[] = [];
  return {
    calls,
    async invoke(fn, request) {
      calls.push({ fn, request });
      const concern = CONCERNS.find((c) => concernFunction(c) === fn)!;
      return (await concernModules[concern]()).handler(request);
    },
  };
}

describe('the actions front and its concern functions', () => {
  it('routes every action of the registry, in its order, to exactly one concern', () => {
    expect([...Object.keys(ACTION_CONCERN), LIST_CAPABILITIES.action]).toEqual(actions.map((a) => a.name));
  });

  it.each(CONCERNS)('the %s function carries exactly the actions routed to it', async (concern) => {
    const { concernActions } = await concernModules[concern]();
    const routed = Object.entries(ACTION_CONCERN)
      .filter(([, c]) => c === concern)
      .map(([name]) => name);
    expect(concernActions.map((a) => a.name).sort()).toEqual(routed.sort());
  });

  it('answers list_capabilities from the concerns, exactly as the whole registry would', async () => {
    const invoker = recordingInvoker();
    const res = await routeAction({ action: 'list_capabilities' }, invoker);
    expect(res).toEqual({ statusCode: 200, body: { capabilities: capabilities() } });
    expect(invoker.calls.map((c) => c.fn).sort()).toEqual(CONCERNS.map(concernFunction).sort());
  });

  it('hands an action to its concern untouched, and refuses an unknown or missing action without invoking anything', async () => {
    const invoker = recordingInvoker();
    const res = await routeAction({ action: 'create_flow', name: '' }, invoker);
    expect(invoker.calls).toEqual([{ fn: 'actions-flows', request: { action: 'create_flow', name: '' } }]);
    expect(res).toMatchObject({ statusCode: 400, body: { error: { code: 'ValidationError' } } });
    const unknown = await routeAction({ action: 'toString' }, invoker);
    expect(unknown).toMatchObject({ statusCode: 400, body: { error: { code: 'UnknownAction', message: 'unknown action "toString"' } } });
    expect(await routeAction({}, invoker)).toMatchObject({
      statusCode: 400,
      body: { error: { code: 'ValidationError', message: 'field "action" is required: one of the known actions' } },
    });
    expect(invoker.calls).toHaveLength(1);
  });

  it('the catalogue has a function per concern, the front invokes them all and holds no grant itself', () => {
    const names = new Set(functionCatalog.map((f) => f.name));
    for (const c of CONCERNS) expect(names.has(concernFunction(c))).toBe(true);
    const front = functionCatalog.find((f) => f.name === 'actions')!;
    expect(front.invokes?.sort()).toEqual(CONCERNS.map(concernFunction).sort());
    expect(front.grants).toEqual([]);
  });
});
