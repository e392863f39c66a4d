import * as z from 'zod';
import { instrumented } from '../observability/index.js';
import { syncAnswer, syncTemplates } from '../templates/sync-templates.js';
import { templateSyncDeps } from '../wiring/templates.js';

const Input = z.object({ wabaId: z.string().min(1).optional() }).loose();

/** Scheduled every 30 minutes (and run by the sync_templates action): functions/templates/sync-templates.ts. */
export const handler = instrumented('sync-templates', async (event: unknown) => syncAnswer(await syncTemplates(Input.parse(event ?? {}), templateSyncDeps())));
