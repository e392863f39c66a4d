import { getDeps } from '../wiring/shared.js';
import { capabilitiesOf, createDispatcher, type ActionResponse } from './dispatch.js';
import type { ActionContext, ActionDefinition } from './types.js';

/** What a concern's function wires beyond the shared adapters: its handler file (the composition root) passes it. */
export type ConcernWiring = Omit<ActionContext, 'deps' | 'now'>;

/**
 * The Lambda of one concern's actions, invoked by the `actions` front with the request object:
 * validates and runs it, answers `{ statusCode, body }` (never throws for a bad request), and
 * answers list_capabilities with its own actions. Correlation keys and the Lambda context come from
 * `instrumented` around it in the handler file.
 */
export function concernHandler(defs: ActionDefinition[], wiring: ConcernWiring = {}): (request: unknown) => Promise<ActionResponse> {
  const dispatch = createDispatcher(defs);
  return async (request: unknown): Promise<ActionResponse> => {
    if ((request as { action?: unknown } | null)?.action === 'list_capabilities') return { statusCode: 200, body: { capabilities: capabilitiesOf(defs) } };
    return dispatch(request, actionContext(wiring));
  };
}

/** A context over the live shared adapters, built on first use: a request refused by validation touches no adapter. */
export function actionContext(wiring: ConcernWiring): ActionContext {
  return {
    get deps() {
      return getDeps();
    },
    now: () => new Date(),
    ...wiring,
  };
}
