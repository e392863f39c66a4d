import * as z from 'zod';
import { DetailType, makeEvent } from '../../events/index.js';
import { planSync } from '../domain/templates/sync.js';
import { recordTemplateStatus } from '../domain/templates/service.js';
import { correlated, logger } from '../observability/logger.js';
import { templateDeps } from '../workflows/template-deps.js';

const Input = z.object({ wabaId: z.string().min(1).optional() }).loose();

/**
 * Scheduled (and on demand): reconciles the catalogue with Meta's template list — templates built
 * in Business Manager appear, a status a webhook missed is healed, deleted ones are marked — and
 * publishes template.status_changed for each change so consumers hear of it as of a webhook.
 */
export const handler = correlated(async (event: unknown) => {
  const input = Input.parse(event ?? {});
  const wabaId = input.wabaId ?? process.env.EUM_WABA_ID;
  if (!wabaId) throw new Error('no WABA to sync: set EUM_WABA_ID (deploy with -c wabaId=waba-…) or pass {"wabaId"}');
  const deps = templateDeps();
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
  const events = [...changed.map((r) => ({ id: r.metaTemplateId, name: r.name, language: r.language, category: r.category, status: r.status })), ...plan.vanished.map((t) => ({ id: t.metaTemplateId, name: t.name, language: t.language, category: t.category, status: 'DELETED' }))].map((c) =>
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
});
