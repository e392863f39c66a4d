import { concernHandler } from '../actions/concern-handler.js';
import { paymentsActions } from '../actions/payments.js';
import { instrumented } from '../observability/index.js';
import { paymentDeps, paymentListing, paymentListingBackfill } from '../wiring/payments.js';
import { razorpayGateway } from '../wiring/razorpay.js';
import { getDeps } from '../wiring/shared.js';

/** Actions concern "payments" (functions/actions/routes.ts): Razorpay payment requests and refunds. */
export const concernActions = [...paymentsActions];
/** This function's wiring: the payment adapters with the Razorpay gateway (its actions call Razorpay), list_payments' read and its backfill. */
const wiring = {
  payments: () => paymentDeps(getDeps(), razorpayGateway),
  paymentListing: () => paymentListing(),
  paymentListingBackfill: () => paymentListingBackfill(),
};
export const handler = instrumented('actions-payments', concernHandler(concernActions, wiring));
