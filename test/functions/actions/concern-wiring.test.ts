import { describe, expect, it } from 'vitest';
import { concernHandler } from '../../../functions/actions/concern-handler.js';
import { flowActions } from '../../../functions/actions/flows.js';
import { messagingOf, templatesOf } from '../../../functions/actions/types.js';
import type { FlowManager } from '../../../functions/ports/eum.js';
import type { MessagingAdapters } from '../../../functions/wiring/messaging.js';

/** A concern's function as its handler file builds it: its actions, and the getters of what they use. */
describe("a concern's wiring reaches its actions through the context", () => {
  it('builds no adapter for a request refused by validation', async () => {
    const built: string[] = [];
    const handler = concernHandler(flowActions, {
      messaging: () => {
        built.push('messaging');
        throw new Error('the messaging adapters were built');
      },
    });

    const res = await handler({ action: 'create_flow', name: 'booking' }); // no categories

    expect(res.statusCode).toBe(400);
    expect(built).toEqual([]);
  });

  it('runs the action with the adapters the wiring gives, on the request or the default WABA', async () => {
    const listed: string[] = [];
    const flows = { list: async (wabaId: string) => (listed.push(wabaId), { flows: [] }) } as unknown as FlowManager;
    const handler = concernHandler(flowActions, { messaging: () => ({ flows, defaultWabaId: () => 'waba-default' }) as unknown as MessagingAdapters });

    const given = await handler({ action: 'list_flows', waba_id: 'waba-given' });
    const defaulted = await handler({ action: 'list_flows' });

    expect([given.statusCode, defaulted.statusCode]).toEqual([200, 200]);
    expect(listed).toEqual(['waba-given', 'waba-default']);
  });

  it('names the handler file to fix when a function does not wire a concern its action reads', () => {
    const ctx = { deps: {} as never, now: () => new Date() };
    expect(() => messagingOf(ctx)).toThrow(/messaging is not wired into this function.*handlers\/actions-messaging\.ts/);
    expect(() => templatesOf(ctx)).toThrow(/templates is not wired into this function.*handlers\/actions-templates\.ts/);
  });
});
