/**
 * What to do about a rejection or a later-life status, per Meta's documented reasons
 * (developers.facebook.com/docs/whatsapp/business-management-api/message-templates, "Rejection reasons";
 * WhatsApp Manager's template status help).
 */
const REJECTION_GUIDANCE: Record<string, string> = {
  INVALID_FORMAT:
    'Meta found the format invalid: check variables ({{1}}…{{n}} in order, none at the start or end, not next to each other), that every variable has an example, and that the text has no more than 4 consecutive line breaks or leftover placeholder text. Fix it with update_template.',
  ABUSIVE_CONTENT:
    "Meta considered the content abusive or policy-violating (WhatsApp Business / Commerce Policy). Rewrite the wording; repeated rejections can lower the account's standing.",
  PROMOTIONAL:
    'The template reads as promotional but was submitted as UTILITY/AUTHENTICATION: resubmit it as MARKETING, or remove the promotional wording (offers, discounts, calls to buy) to keep it UTILITY.',
  TAG_CONTENT_MISMATCH:
    'The category does not match the content: pick the category that fits (MARKETING for promotions, UTILITY for a transaction the user started, AUTHENTICATION for one-time codes) and resubmit.',
  SCAM: 'Meta flagged the template as a possible scam (misleading claims, requests for sensitive data). Remove requests for passwords, card numbers or payments outside official channels and resubmit.',
  INCORRECT_CATEGORY: 'Meta considers the category wrong for this content: resubmit with the category Meta expects (often MARKETING).',
  NONE: "Meta gave no specific reason: compare the template with Meta's template guidelines, or appeal in WhatsApp Manager → Message templates → the template → Request review.",
};

const STATUS_GUIDANCE: Record<string, string> = {
  PAUSED:
    'Meta paused the template after negative feedback (blocks, reports, low read rate): sends with it fail (#132015) for 3 or 6 hours on the first two pauses. Improve targeting and content; a third pause disables it.',
  DISABLED: 'Meta disabled the template after repeated pauses: it can no longer be sent (#132016). Create a new template with different content.',
  PENDING_DELETION: 'The template is being deleted: its name and language stay blocked for new templates for 4 weeks.',
  DELETED: 'The template no longer exists at Meta.',
  LIMIT_EXCEEDED: 'The WhatsApp Business Account reached its template limit: delete unused templates first.',
};

export function guidanceFor(status: string, reason?: string): string | undefined {
  if (status === 'REJECTED')
    return REJECTION_GUIDANCE[reason ?? 'NONE'] ?? `Meta rejected the template (${reason}): see Meta's rejection reasons, fix the content and resubmit with update_template.`;
  return STATUS_GUIDANCE[status];
}

/** A later-life status change as a chart marker: paused, unpaused (approved again after a pause), disabled… */
export function templateStatusKind(status: string, previous: string | undefined): string | undefined {
  if (status === 'PAUSED') return 'paused';
  if (status === 'DISABLED') return 'disabled';
  if (status === 'FLAGGED') return 'flagged';
  if (status === 'APPROVED' && (previous === 'PAUSED' || previous === 'FLAGGED')) return 'unpaused';
  if (status === 'REJECTED') return 'rejected';
  if (status === 'PENDING_DELETION' || status === 'DELETED') return 'deleted';
  return undefined;
}
