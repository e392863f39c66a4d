import { concernHandler } from '../actions/concern-handler.js';
import { paymentsActions } from '../actions/payments.js';
import { instrumented } from '../observability/index.js';

/** Actions concern "payments" (functions/actions/routes.ts): Razorpay payment requests and refunds. */
export const concernActions = [...paymentsActions];
export const handler = instrumented('actions-payments', concernHandler(concernActions));
