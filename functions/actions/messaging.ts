import * as z from 'zod';
import {
  buildCatalogMessage,
  buildFlow,
  buildInteractive,
  buildProduct,
  buildProductList,
  buildTemplate,
  buildText,
  type InteractiveInput,
  type MetaMessage,
} from '../domain/messaging/builders.js';
import {
  CatalogFields,
  checkFlowFields,
  FlowFields,
  InteractiveVariants,
  ProductFields,
  ProductListFields,
  sendBase,
  TemplateFields,
  TextFields,
} from '../domain/messaging/schemas.js';
import { isBsuid } from '../domain/customers/identity.js';
import { checkTemplateParameters } from '../domain/messaging/template-variables.js';
import { S3ObjectInput, uploadForSend } from './outbound-media.js';
import { newOutboundKey, sendWhatsAppMessage, type SendRequest } from '../messaging/send-message.js';
import { ActionError, defineAction, mediaOf, messagingOf, sendDeps, type ActionContext, type ActionDefinition } from './types.js';

const WINDOW_NEEDS = 'an inbound message from the customer in the last 24 hours (customer-service window), stored by record-message';
const SEND_NEEDS = ['social-messaging:SendWhatsAppMessage and GetLinkedWhatsAppBusinessAccountPhoneNumber on the origination number', WINDOW_NEEDS];
const CATALOG_NEEDS = ['a catalog in Meta Commerce Manager linked to the WhatsApp Business Account (see manage_catalog)'];

async function send(ctx: ActionContext, input: { from: string; to: string }, message: MetaMessage, template?: SendRequest['template'], messageKey?: string) {
  const result = await sendWhatsAppMessage({ originationPhoneNumberId: input.from, to: input.to, message, template, messageKey }, sendDeps(ctx));
  return { status: 'sent', to: input.to, type: message.type, ...result };
}

const sendText = defineAction({
  name: 'send_text',
  status: 'supported',
  summary: 'Send a text message inside the 24-hour customer-service window',
  needs: SEND_NEEDS,
  input: z.object({ ...sendBase('send_text'), ...TextFields }),
  run: (i, ctx) => send(ctx, i, buildText(i)),
});

const sendTemplate = defineAction({
  name: 'send_template',
  status: 'supported',
  summary: 'Send an approved template (name + language + variables); the only kind allowed outside the 24-hour window',
  needs: ['social-messaging:SendWhatsAppMessage', 'an APPROVED template in the WhatsApp Business Account'],
  input: z
    .object({
      ...sendBase('send_template'),
      ...TemplateFields,
      header_media: S3ObjectInput.extend({
        type: z.enum(['image', 'video', 'document']).describe('the template header format'),
        filename: z.string().trim().min(1).max(240).optional().describe('document header file name'),
      })
        .optional()
        .describe('media header from an S3 object (uploaded with PostWhatsAppMessageMedia)'),
    })
    .refine((v) => !(v.components && (v.parameters || v.header_parameters)), {
      path: ['components'],
      message: 'give either components or parameters/header_parameters, not both',
    })
    .refine((v) => !(v.header_media && (v.components || v.header_parameters)), {
      path: ['header_media'],
      message: 'a media header replaces header_parameters and cannot be combined with raw components',
    }),
  async run(i, ctx) {
    const stored = await messagingOf(ctx).templates?.find(i.name, i.language);
    if (stored?.status && stored.status !== 'APPROVED') {
      throw new ActionError(`template ${i.name} (${i.language}) is ${stored.status}: only APPROVED templates can be sent`, 409, 'TemplateNotApproved');
    }
    // Meta: one-tap, zero-tap and copy-code authentication templates still need a phone number (131062).
    if (stored?.category === 'AUTHENTICATION' && isBsuid(i.to)) {
      throw new ActionError(
        "to: authentication templates cannot be sent to a business-scoped user id (Meta error 131062); use the customer's phone number",
        400,
        'ValidationError',
        { issues: [{ field: 'to', rule: 'authentication templates need a phone number' }] },
      );
    }
    if (stored && !i.components) {
      const issues = checkTemplateParameters(stored, i);
      if (issues.length) {
        throw new ActionError(issues.map((p) => `${p.field}: ${p.rule}`).join('; '), 400, 'ValidationError', { issues });
      }
    }
    const message = buildTemplate(i);
    if (i.header_media) {
      // Checked against WhatsApp's limits first, then uploaded; the header parameter names the media id.
      const { type, filename, ...ref } = i.header_media;
      const { mediaId } = await uploadForSend(mediaOf(ctx), i.from, ref, type, 'header_media');
      const template = message.template as { components?: Record<string, unknown>[] };
      template.components = [{ type: 'header', parameters: [{ type, [type]: { id: mediaId, ...(filename ? { filename } : {}) } }] }, ...(template.components ?? [])];
    }
    const result = await send(ctx, i, message, { name: i.name, language: i.language, category: stored?.category });
    return { ...result, templateChecked: stored ? 'against the stored template' : 'parameter shape only (template not in the catalogue)' };
  },
});

const sendInteractive = defineAction({
  name: 'send_interactive',
  status: 'supported',
  summary: 'Send reply buttons (≤ 3), a list (≤ 10 rows) or a CTA URL button',
  needs: SEND_NEEDS,
  input: z.discriminatedUnion(
    'type',
    InteractiveVariants.map((v) => v.extend(sendBase('send_interactive'))) as unknown as [
      (typeof InteractiveVariants)[0],
      (typeof InteractiveVariants)[1],
      (typeof InteractiveVariants)[2],
    ],
  ),
  run: (i, ctx) => send(ctx, i as unknown as { from: string; to: string }, buildInteractive(i as InteractiveInput)),
});

const sendProduct = defineAction({
  name: 'send_product_message',
  status: 'supported',
  summary: 'Send one product of the linked catalog (catalog_id + product_retailer_id)',
  needs: [...SEND_NEEDS, ...CATALOG_NEEDS],
  input: z.object({ ...sendBase('send_product_message'), ...ProductFields }),
  run: (i, ctx) => send(ctx, i, buildProduct(i)),
});

const sendProductList = defineAction({
  name: 'send_product_list',
  status: 'supported',
  summary: 'Send a multi-product message: header, body, up to 10 sections and 30 products',
  needs: [...SEND_NEEDS, ...CATALOG_NEEDS],
  input: z.object({ ...sendBase('send_product_list'), ...ProductListFields }),
  run: (i, ctx) => send(ctx, i, buildProductList(i)),
});

const sendCatalog = defineAction({
  name: 'send_catalog_message',
  status: 'supported',
  summary: 'Send the catalog entry point (View catalog button) with an optional thumbnail product',
  needs: [...SEND_NEEDS, ...CATALOG_NEEDS],
  input: z.object({ ...sendBase('send_catalog_message'), ...CatalogFields }),
  run: (i, ctx) => send(ctx, i, buildCatalogMessage(i)),
});

const sendFlow = defineAction({
  name: 'send_flow',
  status: 'supported',
  summary: 'Send a WhatsApp Flow (by flow_id or flow_name); its completion arrives as flow.completed',
  needs: [...SEND_NEEDS, 'a Flow in the WhatsApp Business Account (create_flow); PUBLISHED unless mode is draft'],
  input: z.object({ ...sendBase('send_flow'), ...FlowFields }).superRefine(checkFlowFields),
  async run(i, ctx) {
    // By default the Flow token is our message id, so flow.completed leads back to this message (get_message).
    const messageKey = newOutboundKey();
    const flowToken = i.flow_token ?? messageKey;
    const result = await send(ctx, i, buildFlow({ ...i, flow_token: flowToken }), undefined, messageKey);
    return { ...result, flowToken };
  },
});

/** Actions of this concern (docs/architecture.md, "Actions"). */
export const messagingActions: ActionDefinition[] = [sendText, sendTemplate, sendInteractive, sendProduct, sendProductList, sendCatalog, sendFlow] as ActionDefinition[];
