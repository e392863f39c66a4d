/**
 * Test utility: points an instance of the official `razorpay` SDK (2.9.8) at a sandbox.
 * The SDK hard-codes https://api.razorpay.com as the baseURL of its axios instance, kept at
 * `instance.api.rq` (dist/razorpay.js → new API({ hostUrl }) → dist/api.js `this.rq = axios.create`);
 * paths are built as `/v1/<resource>` on top of it. Product code has its own copy of this in
 * functions/adapters/razorpay/sdk-base-url.ts.
 */
export function pointRazorpaySdkAt(instance: unknown, baseUrl: string): void {
  const rq = (instance as { api?: { rq?: { defaults?: { baseURL?: string } } } }).api?.rq;
  if (!rq?.defaults) throw new Error('razorpay SDK internals changed: expected instance.api.rq.defaults (pinned 2.9.8)');
  rq.defaults.baseURL = baseUrl.replace(/\/+$/, '');
}
