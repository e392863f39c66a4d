import * as z from 'zod';
import { emitApprovalOutcome } from '../domain/templates/service.js';
import { templateDeps } from '../wiring/templates.js';
import { ReviewedTemplateRef } from '../domain/templates/ref.js';
import { instrumented, measure } from '../observability/index.js';

const Input = ReviewedTemplateRef.extend({
  outcome: z.enum(['APPROVED', 'REJECTED', 'TIMED_OUT']),
  startedAt: z.string().optional(),
});

/** TemplateApproval Task: publishes the one outcome event of this review version. */
export const handler = instrumented(
  'emit-template-outcome',
  async (event: unknown) => {
    const input = Input.parse(event);
    const deps = templateDeps();
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
  },
  measure.templateOutcome,
);
