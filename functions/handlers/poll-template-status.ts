import * as z from 'zod';
import { decisionOf } from '../domain/templates/model.js';
import { recordTemplateStatus } from '../domain/templates/service.js';
import { templateDeps } from '../workflows/template-deps.js';

const Input = z.object({ wabaId: z.string().min(1), metaTemplateId: z.string().min(1), version: z.number().int().positive() });

/**
 * TemplateApproval Task, the polling fallback: asks EUM for the template's status and records it
 * through the same path as a webhook, so a lost webhook still ends the wait.
 */
export const handler = async (event: unknown) => {
  const input = Input.parse(event);
  const deps = templateDeps();
  const meta = await deps.api.get(input.wabaId, input.metaTemplateId);
  if (meta.status) {
    await recordTemplateStatus(
      { metaTemplateId: input.metaTemplateId, status: meta.status, reason: meta.rejected_reason && meta.rejected_reason !== 'NONE' ? meta.rejected_reason : undefined, at: deps.now().toISOString(), source: 'poll' },
      deps,
    );
  }
  const t = await deps.store.get(input.metaTemplateId);
  if (!t) throw new Error(`template ${input.metaTemplateId} is not in the catalogue`);
  const decision = decisionOf(t);
  return { ...decision, final: decision.final && t.version >= input.version };
};
