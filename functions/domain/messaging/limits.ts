/**
 * Meta's limits for the messages we build, from the Cloud API reference
 * (facebook/openapi business-messaging-api_v23.0.yaml, InteractiveObject/ActionObject/SectionObject,
 * and the interactive message guides). One place, so validators and error messages agree.
 */
export const MetaLimits = {
  textBody: 4096,
  interactiveBody: 1024,
  header: 60,
  footer: 60,
  replyButtons: 3,
  replyButtonTitle: 20,
  replyButtonId: 256,
  listButton: 20,
  listSections: 10,
  listRowsTotal: 10,
  listSectionTitle: 24,
  listRowId: 200,
  listRowTitle: 24,
  listRowDescription: 72,
  ctaUrlDisplayText: 20,
  productListSections: 10,
  productListItemsTotal: 30,
  productSectionTitle: 24,
  /** Meta's OpenAPI gives 30 (the older Flows guide advised 20, no emoji). */
  flowCta: 30,
  flowToken: 200,
  templateName: 512,
  bizOpaqueCallbackData: 512,
} as const;

export const FLOW_MESSAGE_VERSION = '3';

/** Meta's Flow categories (the SDK's MetaFlowCategory). */
export const FlowCategories = ['SIGN_UP', 'SIGN_IN', 'APPOINTMENT_BOOKING', 'LEAD_GENERATION', 'CONTACT_US', 'CUSTOMER_SUPPORT', 'SURVEY', 'SHOPPING', 'OTHER'] as const;
export type FlowCategory = (typeof FlowCategories)[number];
