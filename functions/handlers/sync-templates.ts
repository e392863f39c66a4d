import * as z from 'zod';
import { instrumented } from '../observability/index.js';
import { syncAnswer, syncTemplates, type TemplateSyncDeps } from '../templates/sync-templates.js';
import { templateSyncDeps } from '../wiring/templates.js';

const Input = z.object({ wabaId: z.string().min(1).optional() }).loose();

/** Scheduled every 30 minutes (and run by the sync_templates action): functions/templates/sync-templates.ts. */
export const syncTemplatesHandler = (wiring: () => TemplateSyncDeps) => async (event: unknown) => syncAnswer(await syncTemplates(Input.parse(event ?? {}), wiring()));

export const handler = instrumented('sync-templates', syncTemplatesHandler(templateSyncDeps));
