import { concernHandler } from '../actions/concern-handler.js';
import { flowActions } from '../actions/flows.js';
import { instrumented } from '../observability/index.js';

/** Actions concern "flows" (functions/actions/routes.ts): WhatsApp Flow management on EUM. */
export const concernActions = [...flowActions];
export const handler = instrumented('actions-flows', concernHandler(concernActions));
