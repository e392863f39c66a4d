import { DetailType, makeEvent } from '../../events/index.js';
import type { CatalogTemplate } from '../domain/templates/model.js';
import { recordTemplateStatus, type TemplateWorkflowDeps } from '../domain/templates/service.js';
import { planSync } from '../domain/templates/sync.js';
import { logger } from '../observability/logger.js';
import type { TemplateApi } from '../ports/eum.js';
import type { TemplateStorePort } from '../ports/templates.js';

/** What a sync reads and writes: the catalogue, EUM's template list, the linked WABAs (errors as ProviderError). */
export interface TemplateSyncDeps extends TemplateWorkflowDeps {
  store: TemplateStorePort & { list(): Promise<CatalogTemplate[]>; markDeleted(metaTemplateId: string, at: string): Promise<void> };
  api: Pick<TemplateApi, 'list'>;
  /** Every WABA linked in EUM Social in this account and region. */
  linkedWabas(): Promise<string[]>;
}

export interface SyncSummary {
  wabaId: string;
  listed: number;
  discovered: number;
  drifted: number;
  vanished: number;
}

/**
 * Scheduled (and on demand): reconciles the catalogue with Meta's template list — templates built
 * in Business Manager appear, a status a webhook missed is healed, deleted ones are marked — and
 * publishes template.status_changed for each change so consumers hear of it as of a webhook.
 * The WABA: the input's, else EUM_WABA_ID, else every WABA linked in EUM (as poll-quality does),
 * so a stack deployed without `-c wabaId` syncs instead of failing every 30 minutes.
 */
export async function syncTemplates(input: { wabaId?: string }, deps: TemplateSyncDeps): Promise<{ synced: SyncSummary[]; skipped?: string }> {
  const configured = input.wabaId ?? process.env.EUM_WABA_ID;
  const wabaIds = configured ? [configured] : await deps.linkedWabas();
  if (!wabaIds.length) {
    const skipped = 'no WABA to sync: none is linked in EUM Social in this account and region, EUM_WABA_ID is not set and the input names none';
    logger.warn('template sync skipped', { reason: skipped });
    return { synced: [], skipped };
  }
  const synced: SyncSummary[] = [];
  for (const wabaId of wabaIds) synced.push(await syncOne(wabaId, deps));
  return { synced };
}

async function syncOne(wabaId: string, deps: TemplateSyncDeps): Promise<SyncSummary> {
  const [remote, stored] = await Promise.all([deps.api.list(wabaId), deps.store.list()]);
  const plan = planSync(wabaId, remote, stored);
  const at = deps.now().toISOString();
  const changed = [...plan.discovered, ...plan.drifted.map((d) => d.remote)];
  for (const r of changed) {
    await recordTemplateStatus({ metaTemplateId: r.metaTemplateId, status: r.status, at, name: r.name, language: r.language, category: r.category, wabaId, source: 'sync' }, deps);
  }
  for (const t of plan.vanished) {
    await recordTemplateStatus({ metaTemplateId: t.metaTemplateId, status: 'DELETED', at, source: 'sync' }, deps);
    await deps.store.markDeleted(t.metaTemplateId, at);
  }
  const events = [
    ...changed.map((r) => ({ id: r.metaTemplateId, name: r.name, language: r.language, category: r.category, status: r.status })),
    ...plan.vanished.map((t) => ({ id: t.metaTemplateId, name: t.name, language: t.language, category: t.category, status: 'DELETED' })),
  ].map((c) =>
    makeEvent(DetailType.TemplateStatusChanged, {
      eventId: `tpl-sync:${c.id}:${c.status}:${at}`,
      occurredAt: at,
      receivedAt: at,
      templateId: c.id,
      templateName: c.name,
      language: c.language,
      category: c.category,
      status: c.status,
      source: 'sync',
    }),
  );
  if (events.length) {
    const res = await deps.publish(events);
    if (res.failed.length) throw new Error(`${res.failed.length} sync events could not be published`);
  }
  const summary = { wabaId, listed: remote.length, discovered: plan.discovered.length, drifted: plan.drifted.length, vanished: plan.vanished.length };
  logger.info('template sync', summary);
  return summary;
}

/** What the sync-templates function and the sync_templates action answer: one WABA's summary (the usual case), else every WABA's. */
export const syncAnswer = (out: { synced: SyncSummary[]; skipped?: string }) => (out.synced.length === 1 ? out.synced[0]! : out);
