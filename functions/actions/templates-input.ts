import * as z from 'zod';
import { TEMPLATE_CATEGORIES } from '../domain/templates/model.js';
import { keyId } from '../domain/shared/ids.js';
import { S3ObjectInput } from '../media/s3-object-input.js';

/**
 * The input schemas of create_template and update_template, apart from their handlers: pure (zod
 * and domain code, no AWS client), so the console bundles the same schemas as the API and checks a
 * template as it is typed.
 */
export const wabaIdField = z.string().min(1).optional().describe('EUM WhatsApp Business Account id, waba-… (default: env EUM_WABA_ID)');
export const waitFields = {
  wait_for_approval: z.boolean().optional().describe('start a TemplateApproval wait that ends with template.approved / template.rejected / template.approval_timed_out'),
  waitForApproval: z.boolean().optional().describe('alias of wait_for_approval'),
};
export const templateRef = {
  // Bounded like every id that becomes a stored key (Meta's ids are ~16 digits, names ≤ 512).
  meta_template_id: keyId('meta_template_id').optional().describe("Meta's template id"),
  name: keyId('name').optional().describe('template name (with language, instead of meta_template_id)'),
  language: z.string().min(1).max(16).optional().describe('template language code, e.g. en_US'),
};

export const headerMediaField = S3ObjectInput.optional().describe('S3 object (jpg/png, mp4 or pdf) for the IMAGE/VIDEO/DOCUMENT header: made into example.header_handle for you');

export const definitionFields = {
  name: z.string().describe('lowercase letters, digits and underscores, at most 512'),
  language: z.string().describe('Meta language code, e.g. en_US'),
  category: z.string().describe(`one of ${TEMPLATE_CATEGORIES.join(', ')}`),
  components: z.array(z.record(z.string(), z.unknown())).describe("Meta's template components: HEADER, BODY, FOOTER, BUTTONS, CAROUSEL, LIMITED_TIME_OFFER"),
  parameter_format: z.enum(['POSITIONAL', 'NAMED']).optional(),
};

export const createTemplateInput = z.object({ action: z.literal('create_template'), waba_id: wabaIdField, ...definitionFields, header_media: headerMediaField, ...waitFields });

export const updateTemplateInput = z.object({
  action: z.literal('update_template'),
  waba_id: wabaIdField,
  ...templateRef,
  components: definitionFields.components.optional(),
  category: definitionFields.category.optional(),
  parameter_format: definitionFields.parameter_format,
  header_media: headerMediaField,
  ...waitFields,
});
