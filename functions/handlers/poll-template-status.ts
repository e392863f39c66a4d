import * as z from 'zod';
import { decisionOf } from '../domain/templates/model.js';
import { recordTemplateStatus } from '../domain/templates/service.js';
import { templateDeps, type TemplateDeps } from '../wiring/templates.js';
import { ReviewedTemplateRef } from '../domain/templates/ref.js';
import { instrumented } from '../observability/index.js';

const Input = ReviewedTemplateRef.extend({ wabaId: z.string().min(1) });

/**
 * TemplateApproval Task, the polling fallback: asks EUM for the template's status (by id, or in
 * the WABA's list by name + language) and records it through the same path as a webhook, so a lost
 * webhook still ends the wait.
 */
export const pollTemplateStatusHandler = (wiring: () => TemplateDeps) => async (event: unknown) => {
  const input = Input.parse(event);
  const deps = wiring();
  const at = deps.now().toISOString();
  if (input.metaTemplateId) {
    const meta = await deps.api.get(input.wabaId, input.metaTemplateId);
    const reason = meta.rejected_reason && meta.rejected_reason !== 'NONE' ? meta.rejected_reason : undefined;
    if (meta.status) await recordTemplateStatus({ metaTemplateId: input.metaTemplateId, status: meta.status, reason, at, source: 'poll' }, deps);
  } else {
    const found = (await deps.api.list(input.wabaId)).find((t) => t.name === input.name && t.language === input.language);
    if (found) {
      await recordTemplateStatus(
        {
          metaTemplateId: found.metaTemplateId,
          status: found.status,
          at,
          name: found.name,
          language: found.language,
          category: found.category,
          wabaId: input.wabaId,
          source: 'poll',
        },
        deps,
      );
    }
  }
  const t = input.metaTemplateId ? await deps.store.get(input.metaTemplateId) : await deps.store.findByName(input.name, input.language);
  if (!t) return { status: 'NOT_FOUND', version: input.version, final: false };
  const decision = decisionOf(t);
  return { ...decision, final: decision.final && t.version >= input.version };
};

export const handler = instrumented('poll-template-status', pollTemplateStatusHandler(templateDeps));
