import { concernHandler } from '../actions/concern-handler.js';
import { mediaTemplateActions } from '../actions/media.js';
import { templatesActions } from '../actions/templates.js';
import { instrumented } from '../observability/index.js';
import { mediaAdapters } from '../wiring/media.js';
import { templateActionAdapters } from '../wiring/templates.js';

/** Actions concern "templates" (functions/actions/routes.ts): the template catalogue, approvals and sync. */
export const concernActions = [...templatesActions, ...mediaTemplateActions];
/** This function's wiring: the catalogue, EUM's template API, the approval machine, the sync; the media bucket for header handles. */
const wiring = { templates: () => templateActionAdapters(), media: mediaAdapters };
export const handler = instrumented('actions-templates', concernHandler(concernActions, wiring));
