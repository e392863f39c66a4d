import * as z from 'zod';
import { defineEvent, detail, EXAMPLE_TIMES } from './define.js';

/** Quality ratings and messaging limits of phone numbers and templates, and the account's own updates. */
export const TemplateQualityChangedDetail = detail({
  templateId: z.string(),
  templateName: z.string().optional(),
  language: z.string().optional(),
  previousRating: z.string().optional(),
  rating: z.string(),
  source: z.enum(['webhook', 'poll']).default('webhook'),
});

export const PhoneQualityChangedDetail = detail({
  displayPhoneNumber: z.string().optional(),
  event: z.string(),
  rating: z.string().optional(),
  currentLimit: z.string().optional(),
  previousLimit: z.string().optional(),
  source: z.enum(['webhook', 'poll']).default('webhook'),
});

export const AccountUpdatedDetail = detail({ event: z.string(), info: z.record(z.string(), z.unknown()).optional() });

/** Derived quality events (issue 7): what changed, for which phone number or template, compared with the previous state. */
const qualityChange = {
  subjectType: z.enum(['phone', 'template']),
  subjectId: z.string().min(1),
  displayPhoneNumber: z.string().optional(),
  templateName: z.string().optional(),
  /** The recorded change that caused this event. */
  changeEventId: z.string().min(1),
  event: z.string().optional(),
  rating: z.string().optional(),
  previousRating: z.string().optional(),
  currentLimit: z.string().optional(),
  previousLimit: z.string().optional(),
  source: z.enum(['webhook', 'poll']),
};
export const QualityDirectionDetail = detail({ ...qualityChange, reasons: z.array(z.string()) });
export const QualityAlertDetail = detail({
  ...qualityChange,
  severity: z.enum(['info', 'warning', 'critical']),
  kind: z.enum(['flagged', 'tier_downgraded', 'tier_upgraded', 'tier_changed', 'template_low_quality']),
  meaning: z.string(),
  actions: z.array(z.string()),
  links: z.array(z.string()),
});

const where = { phoneNumberId: '106540352242922', wabaId: '102290129340398' };
const PHONE_CHANGE = 'phq:106540352242922:DOWNGRADE:TIER_1K:1769938200';
const phoneChange = {
  ...EXAMPLE_TIMES,
  ...where,
  subjectType: 'phone' as const,
  subjectId: '106540352242922',
  displayPhoneNumber: '+91 98000 00000',
  changeEventId: PHONE_CHANGE,
  event: 'DOWNGRADE',
  currentLimit: 'TIER_1K',
  previousLimit: 'TIER_10K',
  source: 'webhook' as const,
};

export const qualityEvents = {
  PhoneQualityChanged: defineEvent({
    name: 'phone.quality_changed',
    description: "A phone number's quality rating or messaging limit changed (FLAGGED, DOWNGRADE, UPGRADE…), by webhook or by the polling schedule.",
    publishedBy: 'ingest-eum (Meta webhook `phone_number_quality_update`), poll-quality',
    from: ['meta-webhook'],
    routedTo: ['quality-recording'],
    schema: PhoneQualityChangedDetail,
    example: {
      eventId: PHONE_CHANGE,
      ...EXAMPLE_TIMES,
      ...where,
      displayPhoneNumber: '+91 98000 00000',
      event: 'DOWNGRADE',
      currentLimit: 'TIER_1K',
      previousLimit: 'TIER_10K',
      source: 'webhook',
    },
  }),
  TemplateQualityChanged: defineEvent({
    name: 'template.quality_changed',
    description: "A template's quality score changed (GREEN / YELLOW / RED), by webhook or by the polling schedule.",
    publishedBy: 'ingest-eum (Meta webhook `message_template_quality_update`), poll-quality',
    from: ['meta-webhook'],
    routedTo: ['quality-recording'],
    schema: TemplateQualityChangedDetail,
    example: {
      eventId: 'tplq:1689556908129832:YELLOW:1769938200',
      ...EXAMPLE_TIMES,
      wabaId: where.wabaId,
      templateId: '1689556908129832',
      templateName: 'order_shipped',
      language: 'en_US',
      previousRating: 'GREEN',
      rating: 'YELLOW',
      source: 'webhook',
    },
  }),
  AccountUpdated: defineEvent({
    name: 'account.updated',
    description: "Meta changed something about the WhatsApp Business Account (a policy violation, a ban, verification…): the event and Meta's details.",
    publishedBy: 'ingest-eum (Meta webhook `account_update`)',
    from: ['meta-webhook'],
    routedTo: [],
    schema: AccountUpdatedDetail,
    example: {
      eventId: 'acct:102290129340398:ACCOUNT_VIOLATION:1769938200',
      ...EXAMPLE_TIMES,
      wabaId: where.wabaId,
      event: 'ACCOUNT_VIOLATION',
      info: { violation_info: { violation_type: 'SCAM' } },
    },
  }),
  QualityDowngraded: defineEvent({
    name: 'quality.downgraded',
    description: 'A recorded quality change is worse than the state before it in time (rating or limit went down), with the reasons.',
    publishedBy: 'quality-recording (state machine), from what record-quality-change compared',
    routedTo: [],
    schema: QualityDirectionDetail,
    example: { eventId: `${PHONE_CHANGE}:downgraded`, ...phoneChange, reasons: ['messaging limit TIER_10K → TIER_1K'] },
  }),
  QualityUpgraded: defineEvent({
    name: 'quality.upgraded',
    description: 'A recorded quality change is better than the state before it in time, with the reasons.',
    publishedBy: 'quality-recording (state machine), from what record-quality-change compared',
    routedTo: [],
    schema: QualityDirectionDetail,
    example: {
      eventId: 'phq:106540352242922:UPGRADE:TIER_10K:1770024600:upgraded',
      ...phoneChange,
      changeEventId: 'phq:106540352242922:UPGRADE:TIER_10K:1770024600',
      event: 'UPGRADE',
      currentLimit: 'TIER_10K',
      previousLimit: 'TIER_1K',
      reasons: ['messaging limit TIER_1K → TIER_10K'],
    },
  }),
  QualityAlert: defineEvent({
    name: 'quality.alert',
    description: 'A quality change someone should act on: how severe, what it means, what to do, where to read more.',
    publishedBy: 'quality-recording (state machine), from what record-quality-change compared',
    routedTo: [],
    schema: QualityAlertDetail,
    example: {
      eventId: `${PHONE_CHANGE}:alert`,
      ...phoneChange,
      severity: 'warning',
      kind: 'tier_downgraded',
      meaning: 'The number can now start conversations with 1,000 customers a day instead of 10,000.',
      actions: ['Check recent template quality ratings', 'Reduce marketing volume until quality recovers'],
      links: ['https://developers.facebook.com/docs/whatsapp/messaging-limits'],
    },
  }),
};
