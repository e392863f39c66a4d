import { RazorpayGateway } from '../adapters/razorpay/client.js';
import { EnvNames, requireEnv } from '../config/environment.js';
import type { PaymentGateway } from '../ports/payments.js';
import type { Deps } from './shared.js';

/**
 * The Razorpay gateway, for the functions that call Razorpay (their handler files pass it to
 * `paymentDeps`). A separate module because the SDK with axios is most of a bundle: the
 * lifecycle's other tasks never import it.
 */
export const razorpayGateway = (base: Deps): PaymentGateway => new RazorpayGateway(base.secrets, requireEnv(EnvNames.razorpayApiSecretId));
