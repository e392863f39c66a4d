import * as z from 'zod';
import { fieldIssues } from '../domain/shared/zod-errors.js';
import { ProviderError } from '../adapters/eum/client.js';
import { logger } from '../observability/logger.js';
import { analyticsActions } from './analytics.js';
import { mediaActions } from './media.js';
import { messageActions } from './messages.js';
import { messagingActions } from './messaging.js';
import { flowActions } from './flows.js';
import { capabilityActions } from './capabilities.js';
import { paymentsActions } from './payments.js';
import { qualityActions } from './quality.js';
import { templatesActions } from './templates.js';
import { ActionError, defineAction, type ActionContext, type ActionDefinition } from './types.js';

const listCapabilities = defineAction({
  name: 'list_capabilities',
  status: 'supported',
  summary: 'Every action with its status (supported / partial / stub), what it needs and its runbook',
  needs: [],
  input: z.object({ action: z.literal('list_capabilities') }),
  async run() {
    return { capabilities: capabilities() };
  },
});

/** The one registry of actions, reachable over HTTP, Lambda and the CLI. */
export const actions: ActionDefinition[] = [
  ...messageActions,
  ...messagingActions,
  ...mediaActions,
  ...flowActions,
  ...capabilityActions,
  ...templatesActions,
  ...paymentsActions,
  ...qualityActions,
  ...analyticsActions,
  listCapabilities as ActionDefinition,
];

const byName = new Map(actions.map((a) => [a.name, a]));
if (byName.size !== actions.length) throw new Error('duplicate action names in the registry');

export function capabilities() {
  return actions.map((a) => ({ action: a.name, status: a.status, summary: a.summary, needs: a.needs, runbook: a.runbook ?? [] }));
}

export interface ActionResponse {
  statusCode: number;
  body: unknown;
}

/** Validates and runs one action request. Never throws: every failure is a structured answer. */
export async function dispatchAction(request: unknown, ctx: ActionContext): Promise<ActionResponse> {
  const name = (request as { action?: unknown } | null)?.action;
  if (typeof name !== 'string') {
    return error(400, 'ValidationError', 'field "action" is required: one of the known actions', { known: [...byName.keys()] });
  }
  const action = byName.get(name);
  if (!action) return error(400, 'UnknownAction', `unknown action "${name}"`, { known: [...byName.keys()] });
  const parsed = action.input.safeParse(request);
  if (!parsed.success) {
    const issues = fieldIssues(parsed.error);
    return error(400, 'ValidationError', issues.map((i) => `${i.field}: ${i.rule}`).join('; '), { issues });
  }
  try {
    return { statusCode: 200, body: await action.run(parsed.data, ctx) };
  } catch (err) {
    if (err instanceof ActionError) return error(err.statusCode, err.code, err.message, err.details);
    if (err instanceof ProviderError) {
      return error(err.httpStatus, err.code, err.message, { provider: err.provider, retryable: err.retryable });
    }
    if ((err as Error)?.name === 'WindowClosedError') return error(409, 'WindowClosed', (err as Error).message);
    logger.error('action failed', { action: name, error: err as Error });
    return error(500, 'InternalError', `action ${name} failed unexpectedly; see logs`);
  }
}

function error(statusCode: number, code: string, message: string, details?: unknown): ActionResponse {
  return { statusCode, body: { error: { code, message, ...(details ? { details } : {}) } } };
}
