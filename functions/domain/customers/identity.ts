import * as z from 'zod';

/**
 * A WhatsApp customer is known by a phone number (`wa_id`), by a business-scoped user id (BSUID,
 * for users who adopted a username: Meta may then send no phone number at all), or by both.
 * BSUID format (Meta, "Business-scoped user IDs"): ISO 3166 alpha-2 country code, a dot, up to
 * 128 alphanumerics (`US.13491208655302741918`); a parent BSUID across linked portfolios has
 * `ENT.` after the country (`US.ENT.11815799212886844830`).
 */
export const BSUID_PATTERN = /^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$/;
export const PHONE_PATTERN = /^\+?[0-9]{6,20}$/;

export const isBsuid = (id: string): boolean => BSUID_PATTERN.test(id);
export const isPhone = (id: string): boolean => PHONE_PATTERN.test(id);

export const CustomerIdSchema = z
  .string()
  .refine(
    (v) => isPhone(v) || isBsuid(v),
    "must be the customer's phone number in international format, digits only (e.g. 919812345678), or their business-scoped user id (BSUID, e.g. US.13491208655302741918)",
  )
  .describe("customer's wa_id / phone number (international format, digits) or business-scoped user id (BSUID)");

/**
 * The addressing fields of a Meta send: `to` for a phone number, `recipient` for a BSUID or a
 * parent BSUID (Meta: when both are present `to` wins, so a BSUID send carries `recipient` only).
 */
export function recipientFields(customerId: string): { to: string } | { recipient: string } {
  return isBsuid(customerId) ? { recipient: customerId } : { to: customerId };
}

/** The other identities a customer was seen under (phone ↔ BSUID), recorded from inbound webhooks. */
export interface CustomerIdentities {
  /** Records that one customer wrote with this phone number and this BSUID. Idempotent. */
  link(phone: string, bsuid: string, seenAt: string): Promise<void>;
  /** Every identity linked to this one (not including itself). */
  linked(customerId: string): Promise<string[]>;
}

/** This identity and every identity linked to it. */
export async function identitiesOf(customerId: string, identities: CustomerIdentities | undefined): Promise<string[]> {
  if (!identities) return [customerId];
  return [customerId, ...(await identities.linked(customerId)).filter((i) => i !== customerId)];
}

/**
 * The one key a customer is counted under: the phone number when one is known (Meta recommends
 * sending to phone numbers; data from before BSUIDs is keyed by them), else the BSUID.
 */
export async function canonicalCustomer(customerId: string, identities: CustomerIdentities | undefined): Promise<string> {
  if (!isBsuid(customerId) || !identities) return customerId;
  const phones = (await identities.linked(customerId)).filter(isPhone).sort();
  return phones[0] ?? customerId;
}

/** The identities an inbound message names: its sender's phone (may be empty) and BSUID. */
export function identityPair(from: string | undefined, fromUserId: string | undefined): { phone: string; bsuid: string } | undefined {
  if (!from || !fromUserId || from === fromUserId || !isPhone(from) || !isBsuid(fromUserId)) return undefined;
  return { phone: from, bsuid: fromUserId };
}

type DayMessages<M extends { waId?: string }> = { listMessagesForDay(phoneNumberId: string, isoDay: string): Promise<M[]> };

/**
 * Analytics count customers by `waId`: this source rewrites a BSUID to the customer's phone
 * number when the two are linked, so a customer seen under both is one customer. Resolved when
 * read, so it does not matter whether the link was recorded before or after the messages.
 */
export function withCanonicalCustomers<M extends { waId?: string }>(source: DayMessages<M>, identities: CustomerIdentities | undefined): DayMessages<M> {
  if (!identities) return source;
  return {
    async listMessagesForDay(phoneNumberId, isoDay) {
      const messages = await source.listMessagesForDay(phoneNumberId, isoDay);
      const bsuids = [...new Set(messages.map((m) => m.waId).filter((w): w is string => !!w && isBsuid(w)))];
      const canonical = new Map(await Promise.all(bsuids.map(async (b) => [b, await canonicalCustomer(b, identities)] as const)));
      return messages.map((m) => (m.waId && canonical.get(m.waId) !== m.waId && canonical.has(m.waId) ? { ...m, waId: canonical.get(m.waId) } : m));
    },
  };
}
