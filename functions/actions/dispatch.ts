import { fieldIssues } from '../domain/shared/zod-errors.js';
import { ProviderError } from '../ports/errors.js';
import { logger } from '../observability/logger.js';
import type { ActionResponse } from '../ports/actions.js';
import { ActionError, type ActionContext, type ActionDefinition } from './types.js';

export type { ActionResponse } from '../ports/actions.js';

export function capabilitiesOf(defs: ActionDefinition[]) {
  return defs.map((a) => ({ action: a.name, status: a.status, summary: a.summary, needs: a.needs, runbook: a.runbook ?? [] }));
}

/** Validates and runs one action request among `defs`. Never throws: every failure is a structured answer. */
export function createDispatcher(defs: ActionDefinition[]): (request: unknown, ctx: ActionContext) => Promise<ActionResponse> {
  const byName = new Map(defs.map((a) => [a.name, a]));
  if (byName.size !== defs.length) throw new Error('duplicate action names in the registry');
  return async (request, ctx) => {
    const name = (request as { action?: unknown } | null)?.action;
    if (typeof name !== 'string') {
      return actionError(400, 'ValidationError', 'field "action" is required: one of the known actions', { known: [...byName.keys()] });
    }
    const action = byName.get(name);
    if (!action) return actionError(400, 'UnknownAction', `unknown action "${name}"`, { known: [...byName.keys()] });
    const parsed = action.input.safeParse(request);
    if (!parsed.success) {
      const issues = fieldIssues(parsed.error);
      return actionError(400, 'ValidationError', issues.map((i) => `${i.field}: ${i.rule}`).join('; '), { issues });
    }
    try {
      return { statusCode: 200, body: await action.run(parsed.data, ctx) };
    } catch (err) {
      if (err instanceof ActionError) return actionError(err.statusCode, err.code, err.message, err.details);
      if (err instanceof ProviderError) {
        return actionError(err.httpStatus, err.code, err.message, { provider: err.provider, retryable: err.retryable });
      }
      if ((err as Error)?.name === 'WindowClosedError') return actionError(409, 'WindowClosed', (err as Error).message);
      logger.error('action failed', { action: name, error: err as Error });
      return actionError(500, 'InternalError', `action ${name} failed unexpectedly; see logs`);
    }
  };
}

export function actionError(statusCode: number, code: string, message: string, details?: unknown): ActionResponse {
  return { statusCode, body: { error: { code, message, ...(details ? { details } : {}) } } };
}
