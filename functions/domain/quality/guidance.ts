import type { Comparison } from './compare.js';

/**
 * What a quality alert means and what to do, paraphrasing Meta's guidance on quality ratings,
 * messaging limits, flagged numbers and paused templates (WhatsApp Business Platform docs:
 * "Quality rating", "Messaging limits", "Template pausing"). Kept as data so it can be revised.
 */
export interface Guidance {
  kind: 'flagged' | 'tier_downgraded' | 'tier_upgraded' | 'tier_changed' | 'template_low_quality';
  severity: 'info' | 'warning' | 'critical';
  meaning: string;
  actions: string[];
  links: string[];
}

const LINKS = {
  quality: 'https://developers.facebook.com/docs/whatsapp/messaging-limits#quality-rating',
  limits: 'https://developers.facebook.com/docs/whatsapp/messaging-limits',
  pausing: 'https://developers.facebook.com/docs/whatsapp/business-management-api/message-templates/template-pausing',
  manager: 'https://business.facebook.com/wa/manage/phone-numbers/',
  policy: 'https://business.whatsapp.com/policy',
};

const IMPROVE = [
  'Pause or slow down business-initiated (template) campaigns from this number until the rating recovers.',
  'Check templates added or scaled up in the last 7 days: they are the usual cause; stop the one with the most blocks/reports.',
  'Send only to users who opted in to this kind of message; honour opt-outs at once.',
  'Make messages expected and personalised; avoid open-ended welcome messages and high frequency.',
  'Check the rating and the reasons shown in WhatsApp Manager (Phone numbers → Quality rating).',
];

export function phoneGuidance(c: Comparison): Guidance | undefined {
  const { entry } = c;
  if (c.flaggedNow) {
    return {
      kind: 'flagged',
      severity: 'critical',
      meaning:
        'Meta flagged this number: its quality rating reached Low (RED). While flagged, its messaging limit cannot be raised. ' +
        'If quality returns to Medium or High within 7 days the flag is lifted; otherwise the number keeps working but is moved to a lower messaging-limit tier.',
      actions: IMPROVE,
      links: [LINKS.quality, LINKS.manager, LINKS.policy],
    };
  }
  if (!c.tierChanged) return undefined;
  if (c.direction === 'downgraded') {
    return {
      kind: 'tier_downgraded',
      severity: 'warning',
      meaning: `The messaging limit went down (${entry.previousLimit ?? '?'} → ${entry.currentLimit ?? '?'}): fewer unique users can receive business-initiated messages from this number per rolling 24 hours. Sends beyond the limit fail.`,
      actions: [
        'Re-plan campaigns to fit the new limit (spread sends over more days or numbers).',
        ...IMPROVE,
        'Keep quality Medium or High: Meta raises the limit again automatically when quality holds and volume grows.',
      ],
      links: [LINKS.limits, LINKS.quality, LINKS.manager],
    };
  }
  return {
    kind: c.direction === 'upgraded' ? 'tier_upgraded' : 'tier_changed',
    severity: 'info',
    meaning: `The messaging limit changed (${entry.previousLimit ?? '?'} → ${entry.currentLimit ?? '?'}).`,
    actions: ['No action needed; campaigns may use the higher limit. Keep quality Medium or High to keep it.'],
    links: [LINKS.limits],
  };
}

export function templateGuidance(c: Comparison): Guidance | undefined {
  const rating = c.entry.rating;
  if (rating !== 'RED' || c.direction !== 'downgraded') return undefined;
  return {
    kind: 'template_low_quality',
    severity: 'warning',
    meaning:
      `Template ${c.entry.templateName ?? c.entry.subject.id} now has a Low (RED) quality score from user feedback (blocks, reports). ` +
      'Meta pauses a template whose quality keeps falling (3 h the first time, 6 h the second) and disables it on the third pause; sends to a paused template fail.',
    actions: [
      'Stop or narrow the campaign that uses this template; send only to opted-in users.',
      'Revise the content (clear value, no misleading or repetitive promotion) and submit the edited template for review.',
      'Watch `template.status_changed` for PAUSED/DISABLED and switch traffic to another approved template meanwhile.',
    ],
    links: [LINKS.pausing, LINKS.quality],
  };
}
