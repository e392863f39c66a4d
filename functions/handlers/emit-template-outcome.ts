import * as z from 'zod';
import { emitApprovalOutcome } from '../domain/templates/service.js';
import { templateDeps, type TemplateDeps } from '../wiring/templates.js';
import { ReviewedTemplateRef } from '../domain/templates/ref.js';
import { instrumented, measure } from '../observability/index.js';

const Input = ReviewedTemplateRef.extend({
  outcome: z.enum(['APPROVED', 'REJECTED', 'TIMED_OUT']),
  startedAt: z.string().optional(),
});

/** TemplateApproval Task: publishes the one outcome event of this review version. */
export const emitTemplateOutcomeHandler = (wiring: () => TemplateDeps) => async (event: unknown) => {
  const input = Input.parse(event);
  const deps = wiring();
  // A template built in Business Manager is known by name until sync finds its Meta id.
  const metaTemplateId = input.metaTemplateId ?? (await deps.store.findByName(input.name, input.language))?.metaTemplateId;
  return emitApprovalOutcome(
    {
      metaTemplateId: metaTemplateId ?? `name:${input.name}#${input.language}`,
      name: input.name,
      language: input.language,
      version: input.version,
      outcome: input.outcome,
      startedAt: input.startedAt,
    },
    deps,
  );
};

export const handler = instrumented('emit-template-outcome', emitTemplateOutcomeHandler(templateDeps), measure.templateOutcome);
