import { insightsAdapters } from '../wiring/insights.js';
import { mediaAdapters } from '../wiring/media.js';
import { messagingAdapters } from '../wiring/messaging.js';
import { paymentDeps, paymentListing, paymentListingBackfill } from '../wiring/payments.js';
import { razorpayGateway } from '../wiring/razorpay.js';
import { getDeps } from '../wiring/shared.js';
import { templateActionAdapters } from '../wiring/templates.js';
import { actionContext } from './concern-handler.js';
import type { ActionContext } from './types.js';

/**
 * Every concern's wiring at once, live, each built on first use: the twin runs the whole registry
 * in one process (`dispatchAction`), where on AWS each concern's function wires only its own
 * (functions/handlers/actions-*.ts).
 */
export function inProcessActionContext(): ActionContext {
  return actionContext({
    messaging: () => messagingAdapters(),
    media: () => mediaAdapters(),
    templates: () => templateActionAdapters(),
    payments: () => paymentDeps(getDeps(), razorpayGateway),
    paymentListing: () => paymentListing(),
    paymentListingBackfill: () => paymentListingBackfill(),
    insights: () => insightsAdapters(),
  });
}
