import { DetailType, makeEvent, type DomainEvent } from '../../../events/index.js';
import type { CatalogTemplate, ReviewDecision } from './model.js';
import { decisionOf, isReviewOutcome, LATER_LIFE_ALERTS } from './model.js';
import { guidanceFor } from './guidance.js';
import type { TemplateStorePort } from '../../ports/templates.js';

/** What the template workflow needs: the catalogue (a port), the bus, the waits and a clock. */
export interface TemplateWorkflowDeps {
  store: TemplateStorePort;
  publish(events: DomainEvent[]): Promise<{ failed: unknown[] }>;
  /** Resumes the approval waits parked on a subject; returns how many resumed. */
  resume(subjectId: string, decision: ReviewDecision): Promise<number>;
  now(): Date;
}

export const TEMPLATE_WAITER_KIND = 'template';
/** Waits for a template known by Meta id, and for one known only by name (built in Business Manager). */
export const waitSubject = {
  byId: (metaTemplateId: string) => `id:${metaTemplateId}`,
  byName: (name: string, language: string) => `name:${name}#${language}`,
};

/**
 * Records a status report (webhook, poll or sync) and, if it changed the catalogue, resumes the
 * waits on this template and raises a later-life alert. Duplicates and late reports change nothing.
 */
export async function recordTemplateStatus(report: Parameters<TemplateStorePort['applyStatus']>[0], deps: TemplateWorkflowDeps): Promise<{ applied: boolean; resumed: number }> {
  const result = await deps.store.applyStatus(report);
  const t = result.template;
  if (!t) return { applied: false, resumed: 0 };
  // Resume even when nothing changed: a waiter parked just before a duplicate still learns the state.
  let resumed = 0;
  if (isReviewOutcome(t.status)) {
    resumed += await deps.resume(waitSubject.byId(t.metaTemplateId), decisionOf(t));
    resumed += await deps.resume(waitSubject.byName(t.name, t.language), decisionOf(t));
  }
  if (result.applied && (LATER_LIFE_ALERTS as readonly string[]).includes(t.status) && result.previous !== t.status) {
    const failed = await deps.publish([
      makeEvent(DetailType.TemplateLifecycleAlert, {
        eventId: `template-alert:${t.metaTemplateId}:${t.status}:${t.statusAt}`,
        occurredAt: t.statusAt,
        receivedAt: deps.now().toISOString(),
        metaTemplateId: t.metaTemplateId,
        templateName: t.name,
        language: t.language,
        status: t.status,
        previousStatus: result.previous,
        reason: t.reason,
        guidance: guidanceFor(t.status, t.reason),
      }),
    ]);
    if (failed.failed.length) throw new Error(`template alert for ${t.metaTemplateId} could not be published`);
  }
  return { applied: result.applied, resumed };
}

/** The decision a waiter for (template, version) may resume with now, if any. */
export function decisionFor(t: CatalogTemplate | undefined, version: number): ReviewDecision | undefined {
  if (!t || !isReviewOutcome(t.status) || t.version < version) return undefined;
  return decisionOf(t);
}

export type ApprovalOutcome = 'APPROVED' | 'REJECTED' | 'TIMED_OUT';

/**
 * The single outcome event of one review version: a conditional write picks the winner, so a
 * retried task or a second execution for the same version publishes nothing more.
 */
export async function emitApprovalOutcome(
  input: { metaTemplateId: string; name: string; language: string; version: number; outcome: ApprovalOutcome; reason?: string; startedAt?: string },
  deps: TemplateWorkflowDeps,
): Promise<{ emitted: boolean }> {
  const t = await deps.store.get(input.metaTemplateId);
  const now = deps.now();
  if (!(await deps.store.claimOutcome(input.metaTemplateId, input.version, input.outcome, now.toISOString()))) return { emitted: false };
  const detailType = input.outcome === 'APPROVED' ? DetailType.TemplateApproved : input.outcome === 'REJECTED' ? DetailType.TemplateRejected : DetailType.TemplateApprovalTimedOut;
  const reason = input.reason ?? (input.outcome === 'REJECTED' ? t?.reason : undefined);
  const guidance =
    input.outcome === 'TIMED_OUT'
      ? 'No decision from Meta within 48 hours. Check the template in WhatsApp Manager → Message templates; Meta sometimes holds reviews for accounts under review. The catalogue keeps syncing, so a late decision still lands in list_templates.'
      : input.outcome === 'REJECTED'
        ? guidanceFor('REJECTED', reason)
        : undefined;
  const res = await deps.publish([
    makeEvent(detailType, {
      eventId: `template-outcome:${input.metaTemplateId}:v${input.version}`,
      occurredAt: now.toISOString(),
      receivedAt: now.toISOString(),
      metaTemplateId: input.metaTemplateId,
      templateName: t?.name ?? input.name,
      language: t?.language ?? input.language,
      version: input.version,
      status: input.outcome,
      reason,
      guidance,
      waitedSeconds: input.startedAt ? Math.max(0, Math.round((now.getTime() - Date.parse(input.startedAt)) / 1000)) : undefined,
    }),
  ]);
  if (res.failed.length) {
    // Give the claim back so the Task's retry publishes; the stable event id keeps consumers idempotent.
    await deps.store.releaseOutcome(input.metaTemplateId, input.version);
    throw new Error(`outcome of template ${input.metaTemplateId} v${input.version} could not be published`);
  }
  return { emitted: true };
}
