import { validation } from './errors.js';

/**
 * The id shapes of the EUM Social API reference (length constraints and pattern, copied as the
 * reference writes them: Smithy patterns are searched, not anchored). AWS refuses a value outside
 * its shape with 400 ValidationException before looking anything up, so Meta's numeric WABA or
 * phone number id given where EUM's id belongs is a validation error, never "not found".
 */
const ID_SHAPES = {
  /** LinkedWhatsAppBusinessAccountId: `waba-…` or the account's ARN. */
  waba: { min: 1, max: 115, pattern: /.*(^waba-.*$)|(^arn:.*:waba\/[0-9a-zA-Z]+$).*/ },
  /** WhatsAppPhoneNumberId: `phone-number-id-…` or the phone number's ARN. */
  phone: { min: 1, max: 100, pattern: /.*(^phone-number-id-.*$)|(^arn:.*:phone-number-id\/[0-9a-zA-Z]+$).*/ },
  /** MetaTemplateId: Meta's numeric template id. */
  metaTemplate: { min: 1, max: 100, pattern: /[0-9]+/ },
} as const;

type IdShape = keyof typeof ID_SHAPES;

/** Each operation's id members (query or body) and their shape; operations absent here have no id with a pattern. */
const OPERATION_IDS: Record<string, Record<string, IdShape>> = {
  CreateWhatsAppMessageTemplate: { id: 'waba' },
  UpdateWhatsAppMessageTemplate: { id: 'waba', metaTemplateId: 'metaTemplate' },
  ListWhatsAppMessageTemplates: { id: 'waba' },
  GetWhatsAppMessageTemplate: { id: 'waba', metaTemplateId: 'metaTemplate' },
  DeleteWhatsAppMessageTemplate: { id: 'waba', metaTemplateId: 'metaTemplate' },
  ListWhatsAppTemplateLibrary: { id: 'waba' },
  CreateWhatsAppMessageTemplateFromLibrary: { id: 'waba' },
  CreateWhatsAppMessageTemplateMedia: { id: 'waba' },
  SendWhatsAppMessage: { originationPhoneNumberId: 'phone' },
  GetLinkedWhatsAppBusinessAccountPhoneNumber: { id: 'phone' },
  GetLinkedWhatsAppBusinessAccount: { id: 'waba' },
  GetWhatsAppMessageMedia: { originationPhoneNumberId: 'phone' },
  PostWhatsAppMessageMedia: { originationPhoneNumberId: 'phone' },
  DeleteWhatsAppMessageMedia: { originationPhoneNumberId: 'phone' },
  CreateWhatsAppFlow: { id: 'waba' },
  UpdateWhatsAppFlow: { id: 'waba' },
  UpdateWhatsAppFlowAssets: { id: 'waba' },
  PublishWhatsAppFlow: { id: 'waba' },
  GetWhatsAppFlow: { id: 'waba' },
  GetWhatsAppFlowPreview: { id: 'waba' },
  ListWhatsAppFlows: { id: 'waba' },
  ListWhatsAppFlowAssets: { id: 'waba' },
  DeprecateWhatsAppFlow: { id: 'waba' },
  DeleteWhatsAppFlow: { id: 'waba' },
};

/** Refuses, as AWS does, an id member outside its documented shape; absent members are left to each operation's own "required" check. */
export function validateIds(operation: string, query: URLSearchParams, body: Record<string, unknown>): void {
  for (const [field, shape] of Object.entries(OPERATION_IDS[operation] ?? {})) {
    const value = query.get(field) ?? body[field];
    if (value === undefined || value === null || value === '') continue;
    const { min, max, pattern } = ID_SHAPES[shape];
    const text = String(value);
    const refused = (constraint: string) => validation(`1 validation error detected: Value '${text}' at '${field}' failed to satisfy constraint: ${constraint}`);
    if (text.length < min || text.length > max) throw refused(`Member must have length between ${min} and ${max}`);
    if (!pattern.test(text)) throw refused(`Member must satisfy regular expression pattern: ${pattern.source}`);
  }
}
