/**
 * Every key shape of the single table lives here and nowhere else.
 * Base table: pk/sk. GSI1 (gsi1pk/gsi1sk): messages by phone number and UTC day, for analytics.
 * GSI2 (gsi2pk/gsi2sk): items by customer (wa_id), newest last.
 */
export const TABLE_KEYS = { pk: 'pk', sk: 'sk' } as const;
export const GSI1 = { name: 'gsi1', pk: 'gsi1pk', sk: 'gsi1sk' } as const;
export const GSI2 = { name: 'gsi2', pk: 'gsi2pk', sk: 'gsi2sk' } as const;
export const TTL_ATTRIBUTE = 'expiresAt';

/** Ids from providers end up in keys: `#` is our separator, so it is escaped. */
const part = (value: string): string => value.replace(/%/g, '%25').replace(/#/g, '%23');
const day = (iso: string): string => iso.slice(0, 10);

export const Keys = {
  message: (messageKey: string) => ({ pk: `MSG#${part(messageKey)}`, sk: 'MSG' }),
  messageStatus: (messageKey: string, status: string, occurredAt: string) => ({
    pk: `MSG#${part(messageKey)}`,
    sk: `STATUS#${occurredAt}#${status}`,
  }),
  messageAttachment: (messageKey: string, kind: 'FLOW' | 'ORDER') => ({ pk: `MSG#${part(messageKey)}`, sk: kind }),
  messagesByPhoneDay: (phoneNumberId: string, isoTime: string, messageKey: string) => ({
    gsi1pk: `PHONE#${part(phoneNumberId)}#DAY#${day(isoTime)}`,
    gsi1sk: `${isoTime}#${part(messageKey)}`,
  }),
  phoneDayPartition: (phoneNumberId: string, isoDay: string) => `PHONE#${part(phoneNumberId)}#DAY#${isoDay}`,
  byCustomer: (waId: string, isoTime: string, id: string) => ({ gsi2pk: `CUST#${part(waId)}`, gsi2sk: `${isoTime}#${part(id)}` }),
  eumMessageAlias: (eumMessageId: string) => ({ pk: `EUMMSG#${part(eumMessageId)}`, sk: 'ALIAS' }),
  conversationWindow: (phoneNumberId: string, waId: string) => ({
    pk: `WINDOW#${part(phoneNumberId)}#${part(waId)}`,
    sk: 'WINDOW',
  }),
  /** One customer seen under a phone number and a BSUID: a link item under each identity. */
  customerLink: (customerId: string, otherIdentity: string) => ({ pk: `CUSTOMER#${part(customerId)}`, sk: `LINK#${part(otherIdentity)}` }),
  customerLinkPartition: (customerId: string) => `CUSTOMER#${part(customerId)}`,
  waiter: (kind: string, subjectId: string, tokenDigest: string) => ({
    pk: `WAITER#${part(kind)}#${part(subjectId)}`,
    sk: `TOKEN#${tokenDigest}`,
  }),
  // Quality history (issue 7): one partition per subject, entries sorted by occurredAt, plus a
  // CURRENT item that only moves forward in time (an older change arriving late never becomes current).
  qualityEntry: (subject: 'PHONE' | 'TEMPLATE', subjectId: string, occurredAt: string, eventId: string) => ({
    pk: `QUALITY#${subject}#${part(subjectId)}`,
    sk: `AT#${occurredAt}#${part(eventId)}`,
  }),
  qualityPartition: (subject: 'PHONE' | 'TEMPLATE', subjectId: string) => `QUALITY#${subject}#${part(subjectId)}`,
  qualityCurrent: (subject: 'PHONE' | 'TEMPLATE', subjectId: string) => ({ pk: `QUALITY#${subject}#${part(subjectId)}`, sk: 'CURRENT' }),
  qualityTemplateName: (templateName: string) => ({ pk: `QUALITYNAME#${part(templateName)}`, sk: 'TEMPLATE' }),
  // Analytics rollups (issue 7): one item per phone number per UTC day, so N days = N items.
  analyticsRollup: (phoneNumberId: string, isoDay: string) => ({ pk: `ROLLUP#PHONE#${part(phoneNumberId)}`, sk: `DAY#${isoDay}` }),
  analyticsRollupPartition: (phoneNumberId: string) => `ROLLUP#PHONE#${part(phoneNumberId)}`,
  analyticsPhone: (phoneNumberId: string) => ({ pk: 'ROLLUP#PHONES', sk: `PHONE#${part(phoneNumberId)}` }),
  analyticsRun: (runId: string) => ({ pk: `ROLLUPRUN#${part(runId)}`, sk: 'RUN' }),
  /** A run's completed units of one phone number (≤ 400 days): progress never grows one item past DynamoDB's 400 KB. */
  analyticsRunProgress: (runId: string, phoneNumberId: string) => ({ pk: `ROLLUPRUN#${part(runId)}`, sk: `DONE#${part(phoneNumberId)}` }),
  dedupe: (id: string) => ({ pk: `DEDUPE#${part(id)}`, sk: 'DEDUPE' }),
  // Payments (issue 6). The payment id is derived from the caller's reference_id, so the
  // payment item itself is the reference's uniqueness item: a conditional put reserves it.
  payment: (paymentId: string) => ({ pk: `PAYMENT#${part(paymentId)}`, sk: 'PAYMENT' }),
  paymentHistory: (paymentId: string, occurredAt: string, eventId: string) => ({
    pk: `PAYMENT#${part(paymentId)}`,
    sk: `HIST#${occurredAt}#${part(eventId)}`,
  }),
  paymentAttempt: (paymentId: string, razorpayPaymentId: string) => ({ pk: `PAYMENT#${part(paymentId)}`, sk: `RZPPAY#${part(razorpayPaymentId)}` }),
  paymentRefund: (paymentId: string, refundReference: string) => ({ pk: `PAYMENT#${part(paymentId)}`, sk: `REFUND#${part(refundReference)}` }),
  /** Provider ids (payment link, Razorpay payment, order, WhatsApp order message) → our payment id. */
  paymentAlias: (kind: 'PLINK' | 'RZPPAY' | 'ORDER' | 'WAORDER', id: string) => ({ pk: `PAYALIAS#${kind}#${part(id)}`, sk: 'ALIAS' }),
  /** Webhooks about payments we do not (yet) know: kept for investigation and adopted if the payment appears. */
  paymentUnmatched: (kind: 'PLINK' | 'RZPPAY', id: string, eventId: string) => ({ pk: `PAYUNMATCHED#${kind}#${part(id)}`, sk: `EVENT#${part(eventId)}` }),
  paymentUnmatchedDay: (receivedAt: string) => `PAYUNMATCHED#DAY#${day(receivedAt)}`,
  /** GSI2: a customer's payment requests, by creation time (list_payments). */
  paymentsByCustomer: (waId: string, createdAt: string, paymentId: string) => ({
    gsi2pk: `CUST#${part(waId)}#PAYMENTS`,
    gsi2sk: `${createdAt}#${part(paymentId)}`,
  }),
  /** GSI1: every payment request by the UTC month it was created (list_payments across customers). */
  paymentsByMonth: (createdAt: string, paymentId: string) => ({ gsi1pk: `PAYMENTS#MONTH#${createdAt.slice(0, 7)}`, gsi1sk: `${createdAt}#${part(paymentId)}` }),
  paymentsMonthPartition: (isoMonth: string) => `PAYMENTS#MONTH#${isoMonth}`,
  customerPaymentsPartition: (waId: string) => `CUST#${part(waId)}#PAYMENTS`,
  /** Meta payments webhooks (payment.meta_status), one item per event. */
  paymentMetaStatus: (receivedAt: string, eventId: string) => ({ pk: `PAYMETA#${day(receivedAt)}`, sk: `${receivedAt}#${part(eventId)}` }),
  // Templates (issue 5): one catalogue item per Meta template id (= one name + language), its status
  // history and one outcome item per review version; GSI1 lists the catalogue by name + language.
  template: (metaTemplateId: string) => ({ pk: `TEMPLATE#${part(metaTemplateId)}`, sk: 'TEMPLATE' }),
  templateStatus: (metaTemplateId: string, at: string, status: string) => ({ pk: `TEMPLATE#${part(metaTemplateId)}`, sk: `STATUS#${at}#${part(status)}` }),
  templateOutcome: (metaTemplateId: string, version: number) => ({ pk: `TEMPLATE#${part(metaTemplateId)}`, sk: `OUTCOME#v${String(version).padStart(6, '0')}` }),
  /** What each review version submitted (create, edit): the template's edits as versions. */
  templateVersion: (metaTemplateId: string, version: number) => ({ pk: `TEMPLATE#${part(metaTemplateId)}`, sk: `VERSION#v${String(version).padStart(6, '0')}` }),
  templatePartition: (metaTemplateId: string) => `TEMPLATE#${part(metaTemplateId)}`,
  templatesByName: (name: string, language: string) => ({ gsi1pk: 'TEMPLATES', gsi1sk: `${part(name)}#${part(language)}` }),
  templatesIndexPartition: 'TEMPLATES',
  rejected: (receivedAt: string, digest: string) => ({ pk: `REJECTED#${day(receivedAt)}`, sk: `${receivedAt}#${digest}` }),
} as const;

export type Key = { pk: string; sk: string };
