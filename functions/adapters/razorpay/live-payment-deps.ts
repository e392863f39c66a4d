import { EnvNames, requireEnv } from '../../config/environment.js';
import { RazorpayGateway } from './client.js';
import { setGatewayFactory } from './payment-deps.js';

/** The payment adapters with the Razorpay SDK: for the functions that call Razorpay. */
setGatewayFactory((base) => new RazorpayGateway(base.secrets, requireEnv(EnvNames.razorpayApiSecretId)));

export { getPaymentDeps, setPaymentDeps } from './payment-deps.js';
