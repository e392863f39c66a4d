/**
 * Every Lambda of the system: `name` is the handler file `functions/handlers/<name>.ts`.
 * `grants` is what it may touch, turned into least-privilege IAM by the stack.
 * Each workflow adds its handlers here.
 */
export type Grant =
  | 'table:read'
  | 'table:write'
  | 'bus:put'
  | 'sfn:start'
  | 'sfn:task-token'
  | 'sfn:read'
  | 'eum:send'
  | 'eum:templates'
  | 'eum:flows'
  | 'eum:phone-numbers'
  | 'secret:razorpay-webhook'
  | 'secret:razorpay-api'
  | 'media:read'
  | 'media:write-inbound'
  | 'eum:media';

export interface FunctionSpec {
  name: string;
  description: string;
  grants: Grant[];
  timeoutSeconds?: number;
  memoryMb?: number;
  /** Functions it invokes (Lambda Invoke): it gets lambda:InvokeFunction on them and their names in FUNCTION_NAME_<NAME>. */
  invokes?: string[];
}

export const functionCatalog: FunctionSpec[] = [
  { name: 'ingest-eum', description: 'Normalize EUM SNS deliveries and aws.social-messaging events', grants: ['table:read', 'table:write', 'bus:put'] },
  {
    name: 'ingest-razorpay',
    description: 'Verify, dedupe and publish Razorpay webhooks',
    grants: ['table:read', 'table:write', 'bus:put', 'secret:razorpay-webhook'],
    timeoutSeconds: 5,
  },
  { name: 'record-message', description: 'Store messages and status updates', grants: ['table:read', 'table:write'] },
  {
    name: 'actions',
    description: 'The action registry front (HTTP API and direct invoke): routes each action to its concern function (functions/actions/routes.ts)',
    grants: [],
    invokes: ['actions-messaging', 'actions-flows', 'actions-templates', 'actions-payments', 'actions-insights'],
    timeoutSeconds: 29,
  },
  // The action registry, one function per concern (functions/actions/routes.ts says why), invoked by `actions`.
  {
    name: 'actions-messaging',
    description: 'Actions: stored messages, sends (incl. media), business profile, stubs',
    grants: ['table:read', 'table:write', 'bus:put', 'eum:send', 'eum:phone-numbers', 'media:read', 'eum:media'],
    timeoutSeconds: 28,
  },
  { name: 'actions-flows', description: 'Actions: WhatsApp Flow management', grants: ['eum:flows'], timeoutSeconds: 28 },
  {
    name: 'actions-templates',
    description: 'Actions: template catalogue, approvals, sync, media header handles',
    grants: ['table:read', 'table:write', 'bus:put', 'sfn:start', 'sfn:task-token', 'eum:templates', 'media:read'],
    timeoutSeconds: 28,
  },
  {
    name: 'actions-payments',
    description: 'Actions: Razorpay payment requests, cancellations, refunds',
    grants: ['table:read', 'table:write', 'bus:put', 'sfn:start', 'sfn:task-token', 'eum:send', 'eum:phone-numbers', 'secret:razorpay-api'],
    timeoutSeconds: 28,
  },
  {
    name: 'actions-insights',
    description: 'Actions: quality ratings and history, analytics, backfills',
    grants: ['table:read', 'table:write', 'bus:put', 'sfn:start', 'sfn:read', 'eum:phone-numbers'],
    timeoutSeconds: 28,
  },
  // Quality history and analytics (issue 7)
  { name: 'record-quality-change', description: 'QualityRecording task: store a quality change, compare with the previous one', grants: ['table:read', 'table:write'] },
  {
    name: 'poll-quality',
    description: 'Polling fallback: read phone number ratings and template quality scores from EUM, publish missed changes',
    grants: ['table:read', 'eum:phone-numbers', 'eum:templates', 'bus:put'],
    timeoutSeconds: 60,
  },
  {
    name: 'list-rollup-days',
    description: 'AnalyticsRollup plan: the (day, phone number) pairs to roll up',
    grants: ['table:read', 'table:write', 'eum:phone-numbers'],
    timeoutSeconds: 60,
  },
  {
    name: 'rollup-day',
    description: "AnalyticsRollup task: aggregate one phone number's UTC day into one rollup item",
    grants: ['table:read', 'table:write'],
    timeoutSeconds: 300,
    memoryMb: 1024,
  },
  // Payments (issue 6)
  {
    name: 'record-payment-event',
    description: 'Apply Razorpay link/payment/refund webhooks to the stored payment (monotonic), resume its lifecycle',
    grants: ['table:read', 'table:write', 'sfn:task-token'],
  },
  { name: 'register-payment-waiter', description: 'PaymentLifecycle task: park a task token under the payment link', grants: ['table:read', 'table:write', 'sfn:task-token'] },
  {
    name: 'reconcile-payment',
    description: 'PaymentLifecycle task: read the link and its payments from Razorpay after a missed webhook',
    grants: ['table:read', 'table:write', 'sfn:task-token', 'secret:razorpay-api'],
    timeoutSeconds: 30,
  },
  {
    name: 'send-payment-message',
    description: 'PaymentLifecycle task: reminder / confirmation / expiry message on WhatsApp',
    grants: ['table:read', 'table:write', 'bus:put', 'eum:send', 'eum:phone-numbers'],
    timeoutSeconds: 20,
  },
  { name: 'emit-payment-outcome', description: 'PaymentLifecycle task: publish the single terminal outcome (conditional write)', grants: ['table:read', 'table:write', 'bus:put'] },
  {
    name: 'payment-from-order',
    description: 'Turn an inbound WhatsApp cart into a payment request (ORDER_TO_PAYMENT=on)',
    grants: ['table:read', 'table:write', 'bus:put', 'sfn:start', 'sfn:task-token', 'eum:send', 'eum:phone-numbers', 'secret:razorpay-api'],
    timeoutSeconds: 29,
  },
  // Templates (issue 5)
  {
    name: 'record-template-status',
    description: 'Apply template status reports to the catalogue, resume approval waits, raise PAUSED/DISABLED alerts',
    grants: ['table:read', 'table:write', 'bus:put', 'sfn:task-token'],
  },
  {
    name: 'register-template-waiter',
    description: 'TemplateApproval task: park a task token under the template (resumed at once if the review already ended)',
    grants: ['table:read', 'table:write', 'sfn:task-token'],
  },
  {
    name: 'poll-template-status',
    description: 'TemplateApproval task: polling fallback, GetWhatsAppMessageTemplate recorded like a webhook',
    grants: ['table:read', 'table:write', 'bus:put', 'sfn:task-token', 'eum:templates'],
    timeoutSeconds: 20,
  },
  { name: 'emit-template-outcome', description: 'TemplateApproval task: publish the one outcome event of a review version', grants: ['table:read', 'table:write', 'bus:put'] },
  // Media (issue 19)
  {
    name: 'store-media',
    description: 'Fetch an inbound media file into the media bucket (GetWhatsAppMessageMedia), record it, publish media.stored',
    grants: ['table:write', 'bus:put', 'media:read', 'media:write-inbound', 'eum:media', 'eum:phone-numbers'],
    timeoutSeconds: 60,
    memoryMb: 1024,
  },
  {
    name: 'sync-templates',
    description: 'Scheduled: reconcile the template catalogue with Meta (external templates, drift, deletions)',
    grants: ['table:read', 'table:write', 'bus:put', 'sfn:task-token', 'eum:templates', 'eum:phone-numbers'],
    timeoutSeconds: 120,
  },
];
