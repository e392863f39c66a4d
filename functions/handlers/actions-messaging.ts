import { capabilityActions } from '../actions/capabilities.js';
import { concernHandler } from '../actions/concern-handler.js';
import { messageActions } from '../actions/messages.js';
import { messagingActions } from '../actions/messaging.js';
import { mediaMessagingActions } from '../actions/media.js';
import { instrumented } from '../observability/index.js';
import { mediaAdapters } from '../wiring/media.js';
import { messagingAdapters } from '../wiring/messaging.js';

/** Actions concern "messaging" (functions/actions/routes.ts): stored messages, sends, business profile and the stubs. */
export const concernActions = [...messageActions, ...messagingActions, ...mediaMessagingActions, ...capabilityActions];
/** This function's wiring: EUM's sender and phone numbers, the template catalogue lookup, the media bucket and EUM's media API. */
const wiring = { messaging: messagingAdapters, media: mediaAdapters };
export const handler = instrumented('actions-messaging', concernHandler(concernActions, wiring));
