import * as z from 'zod';
import { CustomerIdSchema } from '../customers/identity.js';
import { FLOW_MESSAGE_VERSION, MetaLimits as L } from './limits.js';

/**
 * Input schemas of the messaging actions. Field names follow Meta's message JSON (snake_case)
 * so what a user knows from Meta's docs works here; every limit names Meta's rule.
 */
const text = (max: number, what: string) => z.string().trim().min(1, `${what} must not be empty`).max(max, `${what} must be at most ${max} characters (Meta limit)`);

export const OriginationId = z
  .string()
  .min(1, 'the EUM origination phone number id is required (phone-number-id-…)')
  .describe('EUM origination phone number id (phone-number-id-…)');
/** The customer: a phone number or a business-scoped user id (BSUID) — see domain/customers/identity.ts. */
export const WaId = CustomerIdSchema;

/** `from` + `to` of every send. */
export const sendBase = (action: string) => ({
  action: z.literal(action),
  from: OriginationId,
  to: WaId,
});

const header = text(L.header, 'header').describe('text header');
const footer = text(L.footer, 'footer').describe('footer text');
const body = text(L.interactiveBody, 'body').describe('body text');

export const TextFields = {
  text: text(L.textBody, 'text').describe('message text'),
  preview_url: z.boolean().optional().describe('render a link preview for the first URL'),
};

const ParamList = z.union([
  z.array(z.string().min(1, 'template parameters must not be empty')),
  z.record(z.string().regex(/^[a-z0-9_]+$/, 'named parameters use lowercase letters, digits and _'), z.string().min(1)),
]);

export const TemplateFields = {
  name: text(L.templateName, 'name').describe('approved template name'),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/, 'must be a template language code such as en or en_US')
    .describe('template language code'),
  parameters: ParamList.optional().describe('body variables: ["v1","v2"] for {{1}},{{2}} or {"name":"v"} for named variables'),
  header_parameters: ParamList.optional().describe('text header variables'),
  components: z
    .array(z.object({ type: z.string().min(1) }).loose())
    .optional()
    .describe("Meta's raw template components (instead of parameters/header_parameters)"),
};

const ReplyButton = z.object({
  id: text(L.replyButtonId, 'button id'),
  title: text(L.replyButtonTitle, 'button title'),
});
const ListRow = z.object({
  id: text(L.listRowId, 'row id'),
  title: text(L.listRowTitle, 'row title'),
  description: text(L.listRowDescription, 'row description').optional(),
});
const ListSection = z.object({
  title: text(L.listSectionTitle, 'section title').optional(),
  rows: z.array(ListRow).min(1, 'a section needs at least one row'),
});

const uniqueBy = <T>(items: T[], key: (t: T) => string) => new Set(items.map(key)).size === items.length;

export const InteractiveVariants = [
  z.object({
    type: z.literal('button'),
    header: header.optional(),
    body,
    footer: footer.optional(),
    buttons: z
      .array(ReplyButton)
      .min(1, 'at least one reply button')
      .max(L.replyButtons, `at most ${L.replyButtons} reply buttons (Meta limit)`)
      .refine((b) => uniqueBy(b, (x) => x.id) && uniqueBy(b, (x) => x.title), 'button ids and titles must be unique'),
  }),
  z.object({
    type: z.literal('list'),
    header: header.optional(),
    body,
    footer: footer.optional(),
    button: text(L.listButton, 'button'),
    sections: z
      .array(ListSection)
      .min(1, 'at least one section')
      .max(L.listSections, `at most ${L.listSections} sections (Meta limit)`)
      .superRefine((sections, ctx) => {
        const rows = sections.flatMap((s) => s.rows);
        if (rows.length > L.listRowsTotal) {
          ctx.addIssue({ code: 'custom', message: `at most ${L.listRowsTotal} rows in all sections together (Meta limit); got ${rows.length}` });
        }
        if (!uniqueBy(rows, (r) => r.id)) ctx.addIssue({ code: 'custom', message: 'row ids must be unique across sections' });
        sections.forEach((s, i) => {
          if (sections.length > 1 && !s.title) {
            ctx.addIssue({ code: 'custom', path: [i, 'title'], message: 'required when the list has more than one section' });
          }
        });
      }),
  }),
  z.object({
    type: z.literal('cta_url'),
    header: header.optional(),
    body,
    footer: footer.optional(),
    display_text: text(L.ctaUrlDisplayText, 'display_text'),
    url: z.url('must be an absolute http(s) URL'),
  }),
] as const;

export const ProductFields = {
  catalog_id: z.string().min(1).describe('catalog id linked to the WhatsApp Business Account'),
  product_retailer_id: z.string().min(1).describe('product SKU (Content ID in Commerce Manager)'),
  body: body.optional(),
  footer: footer.optional(),
};

const ProductSection = z
  .object({
    title: text(L.productSectionTitle, 'section title'),
    product_items: z
      .array(z.object({ product_retailer_id: z.string().min(1) }))
      .min(1)
      .optional(),
    product_retailer_ids: z.array(z.string().min(1)).min(1).optional().describe('shorthand for product_items'),
  })
  .refine((s) => (s.product_items ? 1 : 0) + (s.product_retailer_ids ? 1 : 0) === 1, {
    message: 'give exactly one of product_items or product_retailer_ids',
  });

export const ProductListFields = {
  catalog_id: ProductFields.catalog_id,
  header: text(L.header, 'header').describe('text header (required by Meta for multi-product messages)'),
  body,
  footer: footer.optional(),
  sections: z
    .array(ProductSection)
    .min(1, 'at least one section')
    .max(L.productListSections, `at most ${L.productListSections} sections (Meta limit)`)
    .superRefine((sections, ctx) => {
      const total = sections.reduce((n, s) => n + (s.product_items?.length ?? s.product_retailer_ids?.length ?? 0), 0);
      if (total > L.productListItemsTotal) {
        ctx.addIssue({ code: 'custom', message: `at most ${L.productListItemsTotal} products in all sections together (Meta limit); got ${total}` });
      }
    })
    .describe('[{ "title": "…", "product_retailer_ids": ["sku", …] }] (or Meta\'s product_items)'),
};

export const CatalogFields = {
  body,
  footer: footer.optional(),
  thumbnail_product_retailer_id: z.string().min(1).optional().describe('product whose image heads the message (default: first catalog item)'),
};

export const FlowFields = {
  flow_id: z.string().min(1).optional().describe('Flow id (or flow_name)'),
  flow_name: z.string().min(1).optional().describe('Flow name (or flow_id)'),
  flow_cta: text(L.flowCta, 'flow_cta').describe('button text that opens the Flow'),
  flow_token: z.string().min(1).max(L.flowToken).optional().describe('correlates the completion (default: our message id, so flow.completed leads to get_message)'),
  mode: z.enum(['draft', 'published']).optional().describe('draft sends an unpublished Flow for testing'),
  flow_action: z.enum(['navigate', 'data_exchange']).optional().describe('navigate (default) or data_exchange (endpoint Flows)'),
  flow_action_payload: z
    .object({
      screen: z.string().min(1, 'the id of the first screen'),
      data: z
        .record(z.string(), z.unknown())
        .refine((d) => Object.keys(d).length > 0, 'must be a non-empty object when given (Meta rule)')
        .optional(),
    })
    .optional()
    .describe('{ "screen": "FIRST_SCREEN", "data": {…} } for navigate'),
  header: header.optional(),
  body,
  footer: footer.optional(),
};

type FlowInput = { flow_id?: string; flow_name?: string; flow_action?: string; flow_action_payload?: unknown };

/** Cross-field rules of send_flow, with the field they belong to. */
export function checkFlowFields(v: FlowInput, ctx: z.RefinementCtx): void {
  if ((v.flow_id ? 1 : 0) + (v.flow_name ? 1 : 0) !== 1) {
    ctx.addIssue({ code: 'custom', path: ['flow_id'], message: 'give exactly one of flow_id or flow_name' });
  }
  if (v.flow_action === 'data_exchange' && v.flow_action_payload) {
    ctx.addIssue({ code: 'custom', path: ['flow_action_payload'], message: 'must be omitted when flow_action is data_exchange (the endpoint supplies the first screen)' });
  }
}

export { FLOW_MESSAGE_VERSION };
