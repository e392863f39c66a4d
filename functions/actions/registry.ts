import * as z from 'zod';
import { capabilitiesOf, createDispatcher } from './dispatch.js';
import { LIST_CAPABILITIES } from './routes.js';
import { analyticsActions } from './analytics.js';
import { mediaActions } from './media.js';
import { messageActions } from './messages.js';
import { messagingActions } from './messaging.js';
import { flowActions } from './flows.js';
import { capabilityActions } from './capabilities.js';
import { paymentsActions } from './payments.js';
import { qualityActions } from './quality.js';
import { templatesActions } from './templates.js';
import { defineAction, type ActionDefinition } from './types.js';

const listCapabilities = defineAction({
  name: 'list_capabilities',
  status: 'supported',
  summary: LIST_CAPABILITIES.summary,
  needs: [],
  input: z.object({ action: z.literal('list_capabilities') }),
  async run() {
    return { capabilities: capabilities() };
  },
});

/** The one registry of actions, reachable over HTTP, Lambda and the CLI. */
export const actions: ActionDefinition[] = [
  ...messageActions,
  ...messagingActions,
  ...mediaActions,
  ...flowActions,
  ...capabilityActions,
  ...templatesActions,
  ...paymentsActions,
  ...qualityActions,
  ...analyticsActions,
  listCapabilities as ActionDefinition,
];

export function capabilities() {
  return capabilitiesOf(actions);
}

export type { ActionResponse } from './dispatch.js';

/** Validates and runs one action request against the whole registry (the twin's in-process mode and tests). Never throws. */
export const dispatchAction = createDispatcher(actions);
