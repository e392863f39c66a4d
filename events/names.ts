/**
 * Single source of truth for the bus, the event source and every domain `detail-type`.
 * CDK, handlers, the local runtime and tests all import these names.
 */
export const BUS_NAME = 'eum-social';
/**
 * The custom bus of a deployed stack: named after the stack, so several stacks (`-c stackName=…`)
 * live side by side in one account and region. The local runtime is one stack and uses BUS_NAME.
 */
export const busNameFor = (stackName: string): string => `${stackName}-${BUS_NAME}`;
export const EVENT_SOURCE = 'eum.social';
/** Source of the events EUM Social publishes on the account's default bus. */
export const AWS_SOCIAL_MESSAGING_SOURCE = 'aws.social-messaging';

export const DetailType = {
  MessageReceived: 'message.received',
  MessageStatus: 'message.status',
  MessageSent: 'message.sent',
  TemplateStatusChanged: 'template.status_changed',
  TemplateQualityChanged: 'template.quality_changed',
  PhoneQualityChanged: 'phone.quality_changed',
  AccountUpdated: 'account.updated',
  PaymentLinkUpdated: 'payment.link_updated',
  PaymentUpdated: 'payment.updated',
  RefundUpdated: 'refund.updated',
  PaymentMetaStatus: 'payment.meta_status',
  FlowCompleted: 'flow.completed',
  OrderReceived: 'order.received',
  /** An inbound media file stored in the media bucket (issue 19). */
  MediaStored: 'media.stored',
  // derived alerts and workflow outcomes
  QualityDowngraded: 'quality.downgraded',
  QualityUpgraded: 'quality.upgraded',
  QualityAlert: 'quality.alert',
  TemplateApproved: 'template.approved',
  TemplateRejected: 'template.rejected',
  TemplateApprovalTimedOut: 'template.approval_timed_out',
  /** A template's later life: Meta paused, disabled or is deleting it. */
  TemplateLifecycleAlert: 'template.lifecycle_alert',
  PaymentCompleted: 'payment.completed',
  PaymentExpired: 'payment.expired',
  PaymentCancelled: 'payment.cancelled',
  WorkflowFailed: 'workflow.failed',
} as const;

export type DetailTypeName = (typeof DetailType)[keyof typeof DetailType];
