import { actionError, type ActionResponse } from './dispatch.js';
import type { ConcernInvoker } from '../ports/actions.js';
import { ACTION_CONCERN, CONCERNS, concernFunction, LIST_CAPABILITIES } from './routes.js';

export type { ConcernInvoker } from '../ports/actions.js';

const KNOWN = [...Object.keys(ACTION_CONCERN), LIST_CAPABILITIES.action];

/**
 * The `actions` front: checks the `action` field and hands the request to its concern's function
 * (which validates the rest). Only the routing table is here, no action's code.
 */
export async function routeAction(request: unknown, invoker: ConcernInvoker): Promise<ActionResponse> {
  const name = (request as { action?: unknown } | null)?.action;
  if (typeof name !== 'string') return actionError(400, 'ValidationError', 'field "action" is required: one of the known actions', { known: KNOWN });
  if (name === LIST_CAPABILITIES.action) return listCapabilities(invoker);
  const concern = Object.hasOwn(ACTION_CONCERN, name) ? ACTION_CONCERN[name] : undefined;
  if (!concern) return actionError(400, 'UnknownAction', `unknown action "${name}"`, { known: KNOWN });
  return invoker.invoke(concernFunction(concern), request);
}

async function listCapabilities(invoker: ConcernInvoker): Promise<ActionResponse> {
  const answers = await Promise.all(CONCERNS.map((c) => invoker.invoke(concernFunction(c), { action: LIST_CAPABILITIES.action })));
  const failed = answers.find((a) => a.statusCode !== 200);
  if (failed) return failed;
  const all = answers.flatMap((a) => (a.body as { capabilities: { action: string }[] }).capabilities);
  // In the registry's order, whatever order the concerns answered in.
  const order = new Map(KNOWN.map((n, i) => [n, i]));
  all.sort((a, b) => (order.get(a.action) ?? KNOWN.length) - (order.get(b.action) ?? KNOWN.length));
  return { statusCode: 200, body: { capabilities: [...all, { ...LIST_CAPABILITIES, needs: [...LIST_CAPABILITIES.needs], runbook: [...LIST_CAPABILITIES.runbook] }] } };
}
