import type { Construct } from 'constructs';

/**
 * Deployment settings, read from CDK context (`cdk deploy -c wabaId=waba-… -c alarmEmail=…`)
 * so the same synth works offline with none of them set.
 */
export interface DeploymentConfig {
  /** EUM id of the WhatsApp Business Account (`waba-…`): default WABA for template/flow actions. */
  wabaId?: string;
  /** `on` turns an inbound WhatsApp cart into a payment request (payment-from-order). */
  orderToPayment: 'on' | 'off';
  /** Default origination phone number (EUM id) for payment messages. */
  paymentOriginationPhoneNumberId?: string;
  /** Where alarms are e-mailed; without it the alarm topic has no subscription. */
  alarmEmail?: string;
  /** CloudWatch Logs retention for every function and state machine. */
  logRetentionDays: number;
  /** How long the bus archive keeps events (replay window). */
  archiveRetentionDays: number;
  /** Days before inbound / outbound media objects expire from the media bucket. */
  mediaInboundExpiryDays: number;
  mediaOutboundExpiryDays: number;
}

export function readConfig(scope: Construct): DeploymentConfig {
  const ctx = (key: string): string | undefined => {
    const v = scope.node.tryGetContext(key);
    return v === undefined || v === null || v === '' ? undefined : String(v);
  };
  const num = (key: string, fallback: number): number => {
    const raw = ctx(key);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`context ${key}: a positive whole number of days, got "${raw}"`);
    return n;
  };
  const wabaId = ctx('wabaId');
  if (wabaId && !/^waba-[0-9a-zA-Z]+$/.test(wabaId)) {
    throw new Error(`context wabaId: the EUM WABA id (waba-…, see \`aws socialmessaging list-linked-whatsapp-business-accounts\`), got "${wabaId}"`);
  }
  const orderToPayment = (ctx('orderToPayment') ?? 'off').toLowerCase();
  if (orderToPayment !== 'on' && orderToPayment !== 'off') throw new Error(`context orderToPayment: "on" or "off", got "${orderToPayment}"`);
  return {
    wabaId,
    orderToPayment,
    paymentOriginationPhoneNumberId: ctx('paymentOriginationPhoneNumberId'),
    alarmEmail: ctx('alarmEmail'),
    logRetentionDays: num('logRetentionDays', 30),
    archiveRetentionDays: num('archiveRetentionDays', 30),
    // WhatsApp itself keeps media 30 days.
    mediaInboundExpiryDays: num('mediaInboundExpiryDays', 30),
    mediaOutboundExpiryDays: num('mediaOutboundExpiryDays', 30),
  };
}
