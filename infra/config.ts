import type { Construct } from 'constructs';
import { PAYMENT_MESSAGE_KINDS, paymentTemplateEnvName } from '../functions/domain/payments/messages.js';

/**
 * Deployment settings, read from CDK context (`cdk deploy -c wabaId=waba-… -c alarmEmail=…`)
 * so the same synth works offline with none of them set.
 */
export interface DeploymentConfig {
  /** EUM id of the WhatsApp Business Account (`waba-…`): default WABA for template/flow actions. */
  wabaId?: string;
  /**
   * Meta's ids of the WABA(s) this stack serves (`detail.wabaId` of EUM's events on the default bus,
   * which carry Meta's id, not EUM's `waba-…`): the default-bus rule takes only their events.
   */
  metaWabaIds?: string[];
  /** `PAYMENT_TEMPLATE_<KIND>` → `name:language`, from context `paymentTemplate<Kind>`. */
  paymentTemplates: Record<string, string>;
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
  const metaWabaIds = ctx('metaWabaIds')
    ?.split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  for (const id of metaWabaIds ?? []) {
    if (!/^\d{5,20}$/.test(id))
      throw new Error(`context metaWabaIds: Meta's WABA ids (digits, comma-separated; \`account.wabaId\` of get-linked-whatsapp-business-account), got "${id}"`);
  }
  const paymentTemplates: Record<string, string> = {};
  for (const kind of PAYMENT_MESSAGE_KINDS) {
    const key = `paymentTemplate${kind[0]!.toUpperCase()}${kind.slice(1)}`;
    const value = ctx(key);
    if (value === undefined) continue;
    if (!/^[a-z0-9_]{1,512}(:[A-Za-z]{2,3}(_[A-Za-z0-9]{2,4})?)?$/.test(value))
      throw new Error(`context ${key}: an approved template as name or name:language (e.g. payment_link:en_US), got "${value}"`);
    paymentTemplates[paymentTemplateEnvName(kind)] = value;
  }
  const orderToPayment = (ctx('orderToPayment') ?? 'off').toLowerCase();
  if (orderToPayment !== 'on' && orderToPayment !== 'off') throw new Error(`context orderToPayment: "on" or "off", got "${orderToPayment}"`);
  return {
    wabaId,
    metaWabaIds: metaWabaIds?.length ? metaWabaIds : undefined,
    paymentTemplates,
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
