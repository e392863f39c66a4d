/**
 * razorpay 2.9.8 hard-codes `https://api.razorpay.com` (razorpay.js) and keeps its axios
 * instance at `instance.api.rq`; requests are built as `${baseURL}/v1/<resource>`. The only way
 * to reach a sandbox is to rewrite that instance's `defaults.baseURL`. This is the one place
 * that knows the SDK's internals; test/functions/payments/razorpay-adapter.test.ts pins it.
 */
export const PINNED_RAZORPAY_SDK_VERSION = '2.9.8';

interface SdkInternals {
  api?: { rq?: { defaults?: { baseURL?: string } } };
}

export function redirectSdkBaseUrl(instance: unknown, baseUrl: string): void {
  const rq = (instance as SdkInternals).api?.rq;
  if (!rq?.defaults) {
    throw new Error(`razorpay SDK internals changed (expected instance.api.rq.defaults, pinned ${PINNED_RAZORPAY_SDK_VERSION}): cannot point it at ${baseUrl}`);
  }
  rq.defaults.baseURL = baseUrl.replace(/\/+$/, '');
}

export function sdkBaseUrl(instance: unknown): string | undefined {
  return (instance as SdkInternals).api?.rq?.defaults?.baseURL;
}

/**
 * The SDK's axios instance has no timeout: a Razorpay API that stops answering would hold the call
 * until the Lambda itself times out. Bounded here; the caller then sees a retryable NETWORK_ERROR
 * (and the payments service recovers a link created by a call whose answer was lost, by reference).
 */
export function setSdkTimeout(instance: unknown, timeoutMs: number): void {
  const rq = (instance as { api?: { rq?: { defaults?: { timeout?: number } } } }).api?.rq;
  if (rq?.defaults) rq.defaults.timeout = timeoutMs;
}
