import { concernHandler } from '../actions/concern-handler.js';
import { mediaTemplateActions } from '../actions/media.js';
import { templatesActions } from '../actions/templates.js';
import { instrumented } from '../observability/index.js';

/** Actions concern "templates" (functions/actions/routes.ts): the template catalogue, approvals and sync. */
export const concernActions = [...templatesActions, ...mediaTemplateActions];
export const handler = instrumented('actions-templates', concernHandler(concernActions));
