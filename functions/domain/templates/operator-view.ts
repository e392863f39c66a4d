import { guidanceFor } from './guidance.js';
import type { CatalogTemplate } from './model.js';

/** Meta reviews within 24 h and at most 48 h: the approval wait gives up then. */
export const REVIEW_DEADLINE_MS = 48 * 3600_000;

export interface StatusHistoryEntry {
  status: string;
  reason?: string;
  at: string;
  source: string;
}

export interface SubmittedVersion {
  version: number;
  submittedAt: string;
  category?: string;
  components?: unknown[];
  parameterFormat?: string;
}

/** A catalogue row as the templates view lists it: the reason, what to do, quality, and the review clock. */
export function catalogueRow(t: CatalogTemplate, quality: { rating?: string; occurredAt: string } | undefined, now: Date) {
  const { components: _c, ...rest } = t;
  const pending = t.status === 'PENDING' || t.status === 'IN_APPEAL';
  const submittedAt = t.statusAt;
  return {
    ...rest,
    statusReason: t.reason ?? null,
    guidance: guidanceFor(t.status, t.reason) ?? null,
    quality: quality?.rating ? { rating: quality.rating, at: quality.occurredAt } : null,
    ...(pending
      ? {
          submittedAt,
          reviewDeadline: new Date(Date.parse(submittedAt) + REVIEW_DEADLINE_MS).toISOString(),
          reviewElapsedSeconds: Math.max(0, Math.floor((now.getTime() - Date.parse(submittedAt)) / 1000)),
          reviewOverdue: now.getTime() - Date.parse(submittedAt) > REVIEW_DEADLINE_MS,
        }
      : {}),
  };
}

/**
 * The status history with the version each entry belongs to and its guidance, oldest first, and the
 * versions (edits) with the status each reached. A version owns the entries from its submission
 * (dated to the second, as the store dates it) up to the next one. A template found by sync has no
 * submitted versions: it is one version, from its creation.
 */
export function templateTimeline(t: CatalogTemplate, history: StatusHistoryEntry[], submitted: SubmittedVersion[]) {
  const versions = submitted.length ? [...submitted].sort((a, b) => a.version - b.version) : [{ version: t.version, submittedAt: t.createdAt }];
  // Within one second a submission comes before the outcomes (webhooks are dated to the second).
  const isSubmission = (h: StatusHistoryEntry) => h.source === 'api' && h.status === 'PENDING';
  const sorted = [...history].sort((a, b) => a.at.localeCompare(b.at) || Number(isSubmission(b)) - Number(isSubmission(a)));
  let current = versions[0]!;
  const entries = sorted.map((h) => {
    const next = isSubmission(h) ? versions.find((v) => v.version > current.version && v.submittedAt === h.at) : undefined;
    if (next) current = next;
    return { ...h, reason: h.reason ?? null, version: current.version, guidance: guidanceFor(h.status, h.reason) ?? null };
  });
  return {
    history: entries,
    versions: versions.map((v) => {
      const own = entries.filter((e) => e.version === v.version);
      const last = own[own.length - 1];
      const status = last?.status ?? (v.version === t.version ? t.status : 'UNKNOWN');
      const reason = last?.reason ?? null;
      return { ...v, status, reason, guidance: guidanceFor(status, reason ?? undefined) ?? null, current: v.version === t.version };
    }),
  };
}
