/** Template lifecycle as Meta reports it (message_template_status_update `event`, API `status`). */
export const TEMPLATE_CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

/** Statuses that end a review: the approval wait stops on these. */
export const REVIEW_OUTCOMES = ['APPROVED', 'REJECTED'] as const;
/** Statuses of a template's later life that deserve their own alert. */
export const LATER_LIFE_ALERTS = ['PAUSED', 'DISABLED', 'PENDING_DELETION', 'DELETED'] as const;

export const isReviewOutcome = (status: string | undefined): status is (typeof REVIEW_OUTCOMES)[number] => status === 'APPROVED' || status === 'REJECTED';

/** A template of the local catalogue: one per Meta template id (= one name + language). */
export interface CatalogTemplate {
  metaTemplateId: string;
  name: string;
  language: string;
  category?: string;
  status: string;
  /** Meta's reason for REJECTED/PAUSED/DISABLED, when it gave one. */
  reason?: string;
  /** When the current status happened (provider time): an older report never replaces it. */
  statusAt: string;
  /** Incremented by every submission to review (create, update): one approval outcome per version. */
  version: number;
  components?: unknown[];
  parameterFormat?: string;
  /** `api` (created here), `library`, or `external` (built in Meta Business Manager, found by sync). */
  origin: 'api' | 'library' | 'external';
  wabaId?: string;
  createdAt: string;
  updatedAt: string;
  /** Set when sync no longer finds it in Meta's list. */
  deletedAt?: string;
}

/** What an approval wait resumes with. */
export interface ReviewDecision {
  status: string;
  reason?: string;
  version: number;
  final: boolean;
}

export const decisionOf = (t: Pick<CatalogTemplate, 'status' | 'reason' | 'version'>): ReviewDecision => ({
  status: t.status,
  reason: t.reason,
  version: t.version,
  final: isReviewOutcome(t.status),
});

/** One report of a template's status, from whichever path saw it. */
export interface StatusReport {
  metaTemplateId: string;
  status: string;
  reason?: string;
  /** Provider time of the change: an older report never replaces a newer status. */
  at: string;
  name?: string;
  language?: string;
  category?: string;
  /** EUM's WABA id (`waba-…`), known to the API paths (sync), not to webhooks. */
  wabaId?: string;
  source: 'webhook' | 'poll' | 'sync' | 'api';
}
