import * as z from 'zod';
import { decisionFor, TEMPLATE_WAITER_KIND, waitSubject } from '../domain/templates/service.js';
import { registerWaiter, takeEarlierWaiters } from '../waits/waiters.js';
import { templateDeps, type TemplateDeps } from '../wiring/templates.js';
import { ReviewedTemplateRef } from '../domain/templates/ref.js';
import { instrumented } from '../observability/index.js';

const Input = ReviewedTemplateRef.extend({
  taskToken: z.string().min(1),
  tickSeconds: z.number().int().positive(),
  executionId: z.string().optional(),
});

/**
 * TemplateApproval Task (waitForTaskToken): parks the token under the template (by Meta id, or by
 * name + language for one built in Business Manager); if the review already ended (the webhook
 * beat the wait), resumes at once.
 */
export const registerTemplateWaiterHandler = (wiring: () => TemplateDeps) => async (event: unknown) => {
  const input = Input.parse(event);
  const deps = wiring();
  const subjectId = input.metaTemplateId ? waitSubject.byId(input.metaTemplateId) : waitSubject.byName(input.name, input.language);
  await takeEarlierWaiters(TEMPLATE_WAITER_KIND, subjectId, input.executionId, deps.base);
  const state = await registerWaiter(
    { kind: TEMPLATE_WAITER_KIND, subjectId, taskToken: input.taskToken, executionId: input.executionId, ttlSeconds: input.tickSeconds + 3600 },
    async () => {
      const t = input.metaTemplateId ? await deps.store.get(input.metaTemplateId) : await deps.store.findByName(input.name, input.language);
      return decisionFor(t, input.version);
    },
    deps.base,
  );
  return { state };
};

export const handler = instrumented('register-template-waiter', registerTemplateWaiterHandler(templateDeps));
