import * as z from 'zod';
import { defineEvent, detail, EXAMPLE_TIMES } from './define.js';

/** Message templates: status reports from Meta, and the outcomes and alerts this system derives from them. */
export const TemplateStatusChangedDetail = detail({
  templateId: z.string(),
  templateName: z.string().optional(),
  language: z.string().optional(),
  category: z.string().optional(),
  status: z.string(),
  reason: z.string().optional(),
  source: z.enum(['webhook', 'poll', 'sync']).default('webhook'),
});

/** Meta moved a template to another category, or says it is about to (`impending`). */
export const TemplateCategoryChangedDetail = detail({
  templateId: z.string(),
  templateName: z.string().optional(),
  language: z.string().optional(),
  /** The template's category now: after the change, or (impending) until it happens. */
  category: z.string(),
  previousCategory: z.string().optional(),
  /** Impending only: the category Meta will move the template to, and when. */
  correctCategory: z.string().optional(),
  effectiveAt: z.string().datetime({ offset: true }).optional(),
  impending: z.boolean(),
});

/** The single outcome of one template review version (templates, issue 5). */
const TemplateOutcomeDetail = detail({
  metaTemplateId: z.string(),
  templateName: z.string(),
  language: z.string(),
  version: z.number().int().positive(),
  status: z.string(),
  reason: z.string().optional(),
  guidance: z.string().optional(),
  waitedSeconds: z.number().nonnegative().optional(),
});
/** PAUSED / DISABLED / PENDING_DELETION / DELETED later in a template's life. */
const TemplateLifecycleAlertDetail = detail({
  metaTemplateId: z.string(),
  templateName: z.string().optional(),
  language: z.string().optional(),
  status: z.string(),
  previousStatus: z.string().optional(),
  reason: z.string().optional(),
  guidance: z.string().optional(),
});

const TEMPLATE_ID = '1689556908129832';
const waba = { wabaId: '102290129340398' };
const outcome = { ...EXAMPLE_TIMES, ...waba, metaTemplateId: TEMPLATE_ID, templateName: 'order_shipped', language: 'en_US', version: 1 };

export const templateEvents = {
  TemplateStatusChanged: defineEvent({
    name: 'template.status_changed',
    description: "Meta reports a template's review or later status (APPROVED, REJECTED, PAUSED…), by webhook or by the 30-minute sync.",
    publishedBy: 'ingest-eum (Meta webhook `message_template_status_update`), sync-templates (the template-approval polls record their findings directly)',
    from: ['meta-webhook'],
    routedTo: ['record-template-status'],
    schema: TemplateStatusChangedDetail,
    example: {
      eventId: `tpl:${TEMPLATE_ID}:APPROVED:1769938200`,
      ...EXAMPLE_TIMES,
      ...waba,
      templateId: TEMPLATE_ID,
      templateName: 'order_shipped',
      language: 'en_US',
      category: 'UTILITY',
      status: 'APPROVED',
      source: 'webhook',
    },
  }),
  TemplateCategoryChanged: defineEvent({
    name: 'template.category_changed',
    description: "Meta changed a template's category (UTILITY → MARKETING changes what each send costs), or says it will (impending: the correct category and from when).",
    publishedBy: 'ingest-eum (Meta webhook `template_category_update`)',
    from: ['meta-webhook'],
    routedTo: [],
    schema: TemplateCategoryChangedDetail,
    example: {
      eventId: `tplcat:${TEMPLATE_ID}:changed:UTILITY:MARKETING:1769938200`,
      ...EXAMPLE_TIMES,
      ...waba,
      templateId: TEMPLATE_ID,
      templateName: 'order_shipped',
      language: 'en_US',
      category: 'MARKETING',
      previousCategory: 'UTILITY',
      impending: false,
    },
  }),
  TemplateApproved: defineEvent({
    name: 'template.approved',
    description: 'The one outcome of a template version whose review Meta approved (TemplateApproval).',
    publishedBy: 'emit-template-outcome (the last step of the template-approval state machine)',
    routedTo: [],
    schema: TemplateOutcomeDetail,
    example: { eventId: `template-outcome:${TEMPLATE_ID}:v1`, ...outcome, status: 'APPROVED', waitedSeconds: 312 },
  }),
  TemplateRejected: defineEvent({
    name: 'template.rejected',
    description: "The one outcome of a template version Meta rejected, with Meta's reason and what to change.",
    publishedBy: 'emit-template-outcome (the last step of the template-approval state machine)',
    routedTo: [],
    schema: TemplateOutcomeDetail,
    example: {
      eventId: `template-outcome:${TEMPLATE_ID}:v1`,
      ...outcome,
      status: 'REJECTED',
      reason: 'INVALID_FORMAT',
      guidance: 'Variables must be sequential ({{1}}, {{2}}…) and not at the start or end of the body.',
      waitedSeconds: 95,
    },
  }),
  TemplateApprovalTimedOut: defineEvent({
    name: 'template.approval_timed_out',
    description: 'No decision on a template version within the wait (48 h by default): the one outcome of that wait.',
    publishedBy: 'emit-template-outcome (the last step of the template-approval state machine)',
    routedTo: [],
    schema: TemplateOutcomeDetail,
    example: {
      eventId: `template-outcome:${TEMPLATE_ID}:v1`,
      ...outcome,
      status: 'TIMED_OUT',
      guidance: 'No decision from Meta within 48 hours. Check the template in WhatsApp Manager → Message templates.',
      waitedSeconds: 172800,
    },
  }),
  TemplateLifecycleAlert: defineEvent({
    name: 'template.lifecycle_alert',
    description: 'Later in its life Meta paused, disabled or is deleting an approved template: the status, why, and what to do.',
    publishedBy: 'record-template-status',
    routedTo: [],
    schema: TemplateLifecycleAlertDetail,
    example: {
      eventId: `template-alert:${TEMPLATE_ID}:PAUSED:2026-02-01T09:30:00.000Z`,
      ...EXAMPLE_TIMES,
      ...waba,
      metaTemplateId: TEMPLATE_ID,
      templateName: 'order_shipped',
      language: 'en_US',
      status: 'PAUSED',
      previousStatus: 'APPROVED',
      reason: 'Your template has been paused due to low quality',
      guidance: 'Edit the template to address the feedback, or wait for the pause to end (3 h, then 6 h).',
    },
  }),
};
