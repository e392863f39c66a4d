import { DynamoTemplateStore } from '../adapters/dynamodb/template-store.js';
import { EumTemplateApi } from '../adapters/eum/templates.js';
import type { TemplateApi } from '../ports/eum.js';
import { TEMPLATE_WAITER_KIND, type TemplateWorkflowDeps } from '../domain/templates/service.js';
import { getDeps, type Deps } from './shared.js';
import { resumeWaiters } from '../waits/waiters.js';

export type TemplateDeps = TemplateWorkflowDeps & { store: DynamoTemplateStore; api: TemplateApi; base: Deps };

let cached: TemplateDeps | undefined;

/** The template adapters, built from configuration only; rebuilt when the shared Deps change. */
export function templateDeps(base: Deps = getDeps()): TemplateDeps {
  if (cached?.base === base) return cached;
  cached = {
    base,
    store: new DynamoTemplateStore(base.db, base.tableName),
    api: new EumTemplateApi(),
    publish: (events) => base.publisher.publish(events),
    resume: (subjectId, decision) => resumeWaiters(TEMPLATE_WAITER_KIND, subjectId, decision, base),
    now: () => new Date(),
  };
  return cached;
}
