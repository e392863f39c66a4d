import { correlated } from '../observability/logger.js';
import { getDeps } from '../wiring/shared.js';
import { capabilitiesOf, createDispatcher, type ActionResponse } from './dispatch.js';
import type { ActionContext, ActionDefinition } from './types.js';

/**
 * The Lambda of one concern's actions, invoked by the `actions` front with the request object:
 * validates and runs it, answers `{ statusCode, body }` (never throws for a bad request), and
 * answers list_capabilities with its own actions. `wiring`: what the concern needs beyond the shared
 * adapters, from its handler file (the composition root of that function).
 */
export function concernHandler(defs: ActionDefinition[], wiring: Pick<ActionContext, 'payments' | 'insights'> = {}): (request: unknown) => Promise<ActionResponse> {
  const dispatch = createDispatcher(defs);
  return correlated(async (request: unknown): Promise<ActionResponse> => {
    if ((request as { action?: unknown } | null)?.action === 'list_capabilities') return { statusCode: 200, body: { capabilities: capabilitiesOf(defs) } };
    // Deps are built on first use: a request refused by validation touches no adapter.
    return dispatch(request, {
      get deps() {
        return getDeps();
      },
      now: () => new Date(),
      ...wiring,
    });
  });
}
