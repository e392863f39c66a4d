import { dispatchAction } from '../../functions/actions/registry.js';
import type { ActionContext } from '../../functions/actions/types.js';
import type { PhoneNumberDirectory } from '../../functions/ports/eum.js';
import { type InsightsAdapters, insightsAdapters } from '../../functions/wiring/insights.js';
import { type MediaAdapters, mediaAdapters } from '../../functions/wiring/media.js';
import { type MessagingAdapters, messagingAdapters } from '../../functions/wiring/messaging.js';
import type { Deps } from '../../functions/wiring/shared.js';

/** What a test wires: the shared adapters it uses, the clock, and each concern it runs (a concern left out fails as in a function that does not wire it). */
export interface TestWiring extends Omit<ActionContext, 'deps' | 'now' | 'messaging' | 'media'> {
  deps?: Partial<Deps>;
  now?: () => Date;
  /** Replaces these of the live messaging adapters (the rest talk to EUM: mock its client). */
  messaging?: Partial<MessagingAdapters>;
  /** Replaces these of the live media adapters. */
  media?: Partial<MediaAdapters>;
}

/** The context an action runs with, as a concern's handler file would wire it, from what the test gives. */
export function actionContext({ deps = {}, now = () => new Date(), messaging, media, ...concerns }: TestWiring = {}): ActionContext {
  return {
    deps: deps as Deps,
    now,
    messaging: () => ({ ...messagingAdapters(), ...messaging }),
    media: () => ({ ...mediaAdapters(), ...media }),
    ...concerns,
  };
}

/** EUM with no phone number linked: the insights actions take Meta phone number ids as given. */
export const noLinkedPhones: PhoneNumberDirectory = { list: async () => [], get: async () => undefined };

/** The insights concern over the test's table (the live stores), without EUM's phone numbers. */
export const insightsOver = (deps: Deps): InsightsAdapters => ({ ...insightsAdapters(deps), phoneDirectory: noLinkedPhones });

/** Runs one action that must succeed: its answer's body, else throws with the answer. */
export async function succeeded(request: unknown, ctx: ActionContext): Promise<any> {
  const res = await dispatchAction(request, ctx);
  if (res.statusCode !== 200) throw new Error(JSON.stringify(res.body));
  return res.body;
}
