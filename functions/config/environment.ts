/**
 * The names of the environment variables the functions read. The stack (infra/) sets them and the
 * local runtime sets the same ones, so both import these names from here, never from the wiring.
 */
export const EnvNames = {
  table: 'TABLE_NAME',
  bus: 'EVENT_BUS_NAME',
  razorpayWebhookSecretId: 'RAZORPAY_WEBHOOK_SECRET_ID',
  razorpayApiSecretId: 'RAZORPAY_API_SECRET_ID',
  /** Optional: seconds before a crashed delivery's dedupe claim can be taken over (default 60). */
  dedupeInFlightSeconds: 'DEDUPE_IN_FLIGHT_SECONDS',
} as const;

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}
