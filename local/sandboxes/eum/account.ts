import type { IdFactory } from '../shared/scheduler.js';

/** The one linked WhatsApp Business Account and phone number the sandbox serves. */
export interface SandboxAccount {
  accountId: string;
  region: string;
  /** EUM's linked-account id (`waba-…`): what the EUM API takes as `id`. */
  wabaId: string;
  wabaArn: string;
  /** Meta's WABA id: `entry.id` of webhooks. */
  metaWabaId: string;
  wabaName: string;
  linkDate: Date;
  phone: SandboxPhone;
}

export interface SandboxPhone {
  /** EUM id `phone-number-id-…` (SendWhatsAppMessage's originationPhoneNumberId). */
  id: string;
  arn: string;
  /** Meta's phone_number_id (webhook `metadata.phone_number_id`). */
  metaPhoneNumberId: string;
  /** E.164. */
  phoneNumber: string;
  /** As EUM's API shows it. */
  displayPhoneNumber: string;
  /** As Meta's webhooks carry it (`metadata.display_phone_number`: digits only). */
  webhookDisplayPhoneNumber: string;
  displayPhoneNumberName: string;
  qualityRating: string;
  messagingLimit: string;
}

export function createAccount(ids: IdFactory, opts: { accountId?: string; region?: string; now: Date }): SandboxAccount {
  const accountId = opts.accountId ?? '000000000000';
  const region = opts.region ?? 'local';
  const wabaHex = ids.hex('waba');
  const phoneHex = ids.hex('phone');
  return {
    accountId,
    region,
    wabaId: `waba-${wabaHex}`,
    wabaArn: `arn:aws:social-messaging:${region}:${accountId}:waba/${wabaHex}`,
    metaWabaId: ids.digits('meta-waba', 15),
    wabaName: 'Sandbox Store',
    linkDate: opts.now,
    phone: {
      id: `phone-number-id-${phoneHex}`,
      arn: `arn:aws:social-messaging:${region}:${accountId}:phone-number-id/${phoneHex}`,
      metaPhoneNumberId: ids.digits('meta-phone', 15),
      phoneNumber: '+919000000001',
      displayPhoneNumber: '+91 90000 00001',
      webhookDisplayPhoneNumber: '919000000001',
      displayPhoneNumberName: 'Sandbox Store',
      qualityRating: 'GREEN',
      messagingLimit: 'TIER_1K',
    },
  };
}

/** EUM takes the linked account as its id or its ARN. */
export const matchesWaba = (a: SandboxAccount, id: string | undefined) => id === a.wabaId || id === a.wabaArn;
export const matchesPhone = (a: SandboxAccount, id: string | undefined) => id === a.phone.id || id === a.phone.arn;
