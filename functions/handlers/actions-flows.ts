import { concernHandler } from '../actions/concern-handler.js';
import { flowActions } from '../actions/flows.js';
import { instrumented } from '../observability/index.js';
import { messagingAdapters } from '../wiring/messaging.js';

/** Actions concern "flows" (functions/actions/routes.ts): WhatsApp Flow management on EUM. */
export const concernActions = [...flowActions];
/** This function's wiring: EUM's Flow APIs and the default WABA. */
const wiring = { messaging: messagingAdapters };
export const handler = instrumented('actions-flows', concernHandler(concernActions, wiring));
