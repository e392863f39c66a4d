import * as z from 'zod';
import { DetailType, makeEvent } from '../../events/index.js';
import { listLinkedWabaIds } from '../adapters/eum/phone-numbers.js';
import { toProviderError } from '../adapters/eum/client.js';
import { planSync } from '../domain/templates/sync.js';
import { recordTemplateStatus } from '../domain/templates/service.js';
import { instrumented, logger } from '../observability/index.js';
import { templateDeps, type TemplateDeps } from '../wiring/templates.js';

const Input = z.object({ wabaId: z.string().min(1).optional() }).loose();

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
export async function syncTemplates(
  input: { wabaId?: string },
  deps: TemplateDeps,
  linkedWabas: () => Promise<string[]> = listLinkedWabaIds,
): Promise<{ synced: SyncSummary[]; skipped?: string }> {
  const configured = input.wabaId ?? process.env.EUM_WABA_ID;
  let wabaIds: string[];
  try {
    wabaIds = configured ? [configured] : await linkedWabas();
  } catch (err) {
    throw toProviderError(err);
  }
  if (!wabaIds.length) {
    const skipped = 'no WABA to sync: none is linked in EUM Social in this account and region, EUM_WABA_ID is not set and the input names none';
    logger.warn('template sync skipped', { reason: skipped });
    return { synced: [], skipped };
  }
  const synced: SyncSummary[] = [];
  for (const wabaId of wabaIds) synced.push(await syncOne(wabaId, deps));
  return { synced };
}

async function syncOne(wabaId: string, deps: TemplateDeps): Promise<SyncSummary> {
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

export const syncTemplatesHandler = (wiring: () => TemplateDeps) => async (event: unknown) => {
  const input = Input.parse(event ?? {});
  const out = await syncTemplates(input, wiring());
  // One WABA (the usual case) answers as before: its summary.
  return out.synced.length === 1 ? out.synced[0]! : out;
};

export const handler = instrumented('sync-templates', syncTemplatesHandler(templateDeps));
