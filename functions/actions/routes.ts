/**
 * Which function runs which action. `actions` (HTTP API `POST /actions`, direct invoke, the CLI)
 * is a thin front: it checks the `action` field and invokes the concern's function, which validates
 * the whole request and runs it. Why per concern: each concern has its own AWS surface (templates
 * → EUM template APIs + approval machine; payments → Razorpay secret + lifecycle tokens; flows →
 * EUM Flow APIs…), so each function carries only its own code and SDK clients and gets only its own
 * grants (infra/function-catalog.ts); one function per action would multiply cold starts and
 * catalogue entries for no narrower grant. Data only: the front must not import the actions' code.
 */
export type Concern = 'messaging' | 'flows' | 'templates' | 'payments' | 'insights';

export const concernFunction = (concern: Concern): string => `actions-${concern}`;

/** Every action but list_capabilities, in the registry's order, with its concern. */
export const ACTION_CONCERN: Readonly<Record<string, Concern>> = {
  // functions/actions/messages.ts, messaging.ts, capabilities.ts
  get_message: 'messaging',
  send_text: 'messaging',
  send_template: 'messaging',
  send_interactive: 'messaging',
  send_product_message: 'messaging',
  send_product_list: 'messaging',
  send_catalog_message: 'messaging',
  send_flow: 'messaging',
  // functions/actions/media.ts
  send_media: 'messaging',
  upload_template_media: 'templates',
  // functions/actions/flows.ts
  create_flow: 'flows',
  update_flow: 'flows',
  publish_flow: 'flows',
  get_flow: 'flows',
  list_flows: 'flows',
  deprecate_flow: 'flows',
  delete_flow: 'flows',
  manage_catalog: 'messaging',
  update_business_profile: 'messaging',
  get_business_profile: 'messaging',
  // functions/actions/templates.ts
  create_template: 'templates',
  update_template: 'templates',
  get_template: 'templates',
  list_templates: 'templates',
  delete_template: 'templates',
  list_template_library: 'templates',
  create_template_from_library: 'templates',
  register_external_template: 'templates',
  sync_templates: 'templates',
  validate_template: 'templates',
  // functions/actions/payments.ts
  create_payment_request: 'payments',
  get_payment: 'payments',
  cancel_payment_request: 'payments',
  refund_payment: 'payments',
  list_payments: 'payments',
  backfill_payment_listing: 'payments',
  // functions/actions/quality.ts, analytics.ts
  list_phone_numbers: 'insights',
  get_quality_rating: 'insights',
  get_quality_history: 'insights',
  get_analytics: 'insights',
  get_conversation_analytics: 'insights',
  backfill_analytics: 'insights',
  get_backfill_status: 'insights',
  list_messages: 'insights',
};

export const CONCERNS: Concern[] = ['messaging', 'flows', 'templates', 'payments', 'insights'];

/** list_capabilities is answered by the front, from every concern's own list. */
export const LIST_CAPABILITIES = {
  action: 'list_capabilities',
  status: 'supported',
  summary: 'Every action with its status (supported / partial / stub), what it needs and its runbook',
  needs: [] as string[],
  runbook: [] as string[],
} as const;
