import { DynamoQualityStore } from '../adapters/dynamodb/quality-store.js';
import { DynamoTemplateStore } from '../adapters/dynamodb/template-store.js';
import { toProviderError } from '../adapters/eum/client.js';
import { listLinkedWabaIds } from '../adapters/eum/phone-numbers.js';
import { EumTemplateApi } from '../adapters/eum/templates.js';
import { SfnExecutionStarter } from '../adapters/stepfunctions/execution-starter.js';
import type { TemplateApi } from '../ports/eum.js';
import type { QualityStore } from '../ports/quality.js';
import type { ApprovalStarter } from '../ports/templates.js';
import { TEMPLATE_WAITER_KIND, type TemplateWorkflowDeps } from '../domain/templates/service.js';
import { syncAnswer, syncTemplates, type TemplateSyncDeps } from '../templates/sync-templates.js';
import { getDeps, type Deps } from './shared.js';
import { resumeWaiters } from '../waits/waiters.js';

export type TemplateDeps = TemplateWorkflowDeps & { store: DynamoTemplateStore; api: TemplateApi; base: Deps };

/** The state machine of template approval waits (state-machines/template-approval.asl.json). */
export const APPROVAL_MACHINE = 'template-approval';

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

/** EUM's linked WABAs, its refusals as ProviderError (what the sync answers). */
async function linkedWabas(): Promise<string[]> {
  try {
    return await listLinkedWabaIds();
  } catch (err) {
    throw toProviderError(err);
  }
}

/** What the template sync needs: the template adapters and EUM's linked WABAs. */
export const templateSyncDeps = (base: Deps = getDeps()): TemplateSyncDeps => ({ ...templateDeps(base), linkedWabas });

/** What the templates actions use beyond the catalogue: the approval machine, each template's quality, the sync. */
export type TemplateActionAdapters = TemplateDeps & {
  approvals: ApprovalStarter;
  qualityStore: Pick<QualityStore, 'getCurrent'>;
  sync(input: { wabaId?: string }): Promise<unknown>;
};

/** The templates concern's wiring (handlers/actions-templates.ts). */
export function templateActionAdapters(base: Deps = getDeps()): TemplateActionAdapters {
  return {
    ...templateDeps(base),
    approvals: new SfnExecutionStarter(APPROVAL_MACHINE),
    qualityStore: new DynamoQualityStore(base.db, base.tableName),
    sync: async (input) => syncAnswer(await syncTemplates(input, templateSyncDeps(base))),
  };
}
