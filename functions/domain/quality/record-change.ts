import { DetailType, makeEvent, type DomainEvent } from '../../../events/index.js';
import type { DomainDetail } from '../../../events/index.js';
import { compareWithPrevious, type Comparison, type Direction } from './compare.js';
import { phoneGuidance, templateGuidance } from './guidance.js';
import { lastOfSecond, normalizeRating, positionOf, type QualityEntry, type QualityObservation } from './model.js';
import type { CurrentPatch, QualityStore } from '../../ports/quality.js';

export type RecordOutcome = 'recorded' | 'duplicate' | 'recorded-late';

export interface RecordResult {
  outcome: RecordOutcome;
  direction: Direction;
  reasons: string[];
  entry: QualityEntry;
  /** quality.downgraded / quality.upgraded, only when this change (or the one of its second it made current) became current. */
  directionEvent?: DomainEvent;
  /** quality.alert on a tier change, FLAGGED, or a template falling to RED; only when current, once per change. */
  alertEvent?: DomainEvent;
}

/**
 * Records one change idempotently (by eventId) and compares it with the entry before it in time.
 * Derived events are produced only when the change becomes current: a late, older change is
 * kept in the history but raises nothing, since newer state already superseded it.
 */
export async function recordQualityChange(store: QualityStore, obs: QualityObservation, now: Date): Promise<RecordResult> {
  const previous = await store.previousBefore(obs.subject, obs.occurredAt, obs.eventId);
  const cmp = compareWithPrevious(obs, previous);
  const entry: QualityEntry = { ...cmp.entry, recordedAt: now.toISOString() };
  const inserted = await store.putEntry(entry);
  if (obs.subject.type === 'template' && obs.templateName) await store.rememberTemplateName(obs.templateName, obs.subject.id);
  if (!inserted) return { outcome: 'duplicate', direction: cmp.direction, reasons: cmp.reasons, entry };
  // Changes of the same second are ordered by Meta's previous→new chain, whatever order they arrive in.
  const sameSecond = await store.entriesAt(obs.subject, obs.occurredAt);
  const last = sameSecond.length > 1 ? lastOfSecond(sameSecond, (await store.previousBefore(obs.subject, obs.occurredAt, ''))?.rating) : entry;
  const promoted = await store.promoteCurrent(last, Math.max(sameSecond.length, 1));
  const current = last.eventId === entry.eventId && (promoted || (await store.getCurrent(obs.subject))?.eventId === entry.eventId);
  if (!current) {
    await carryForward(store, entry);
    // A change of this second that becomes current only because this one arrived (its chain closed)
    // raises what it would have raised had it been current on arrival; the claim keeps that to once.
    const announced = promoted && last.eventId !== entry.eventId && (await store.claimAnnouncement(last)) ? derivedEvents(last, comparisonOf(last), now) : {};
    return { outcome: 'recorded-late', direction: cmp.direction, reasons: cmp.reasons, entry, ...announced };
  }

  const result: RecordResult = { outcome: 'recorded', direction: cmp.direction, reasons: cmp.reasons, entry };
  // A concurrent recorder that promoted this change already raised its events.
  if (!(await store.claimAnnouncement(entry))) return result;
  return { ...result, ...derivedEvents(entry, cmp, now) };
}

/** quality.downgraded / quality.upgraded and the alert of a change that became current. */
function derivedEvents(entry: QualityEntry, cmp: Comparison, now: Date): Pick<RecordResult, 'directionEvent' | 'alertEvent'> {
  const events: Pick<RecordResult, 'directionEvent' | 'alertEvent'> = {};
  const common = changeDetail(entry, now);
  if (cmp.direction !== 'unchanged') {
    const type = cmp.direction === 'downgraded' ? DetailType.QualityDowngraded : DetailType.QualityUpgraded;
    events.directionEvent = makeEvent(type, { ...common, eventId: `${entry.eventId}:${cmp.direction}`, reasons: cmp.reasons });
  }
  const guidance = entry.subject.type === 'phone' ? phoneGuidance(cmp) : templateGuidance(cmp);
  if (guidance) events.alertEvent = makeEvent(DetailType.QualityAlert, { ...common, eventId: `${entry.eventId}:alert`, ...guidance });
  return events;
}

/**
 * A stored change compared again with the state before it, as on its arrival: what it stated itself
 * (its own rating or limit, not carried ones) against the previous rating and limit it stored.
 */
export function comparisonOf(e: QualityEntry): Comparison {
  const at = positionOf(e);
  const { rating, currentLimit, previousRating, previousLimit, flagged: _flagged, ratingFrom, limitFrom, recordedAt: _recordedAt, ...observed } = e;
  const stated: QualityObservation = { ...observed, ...(ratingFrom === at ? { rating } : {}), ...(limitFrom === at ? { currentLimit } : {}) };
  const before = { ...e, rating: previousRating, currentLimit: previousLimit, flagged: undefined };
  return { ...compareWithPrevious(stated, before), entry: e };
}

/**
 * What a late change corrects in the changes after it (oldest first): a rating or limit they only
 * carried over from an older statement, and, for a phone, the rating and limit before each (so its
 * direction follows) wherever its predecessor's changed. Pure: the store applies it.
 */
export function correctionsAfter(entry: QualityEntry, later: QualityEntry[]): { target: QualityEntry; patch: CurrentPatch }[] {
  const corrections: { target: QualityEntry; patch: CurrentPatch }[] = [];
  let before: Pick<QualityEntry, 'rating' | 'currentLimit'> = entry;
  for (const target of later) {
    const patch: CurrentPatch = { ...carriedPatch(entry, target) };
    if (entry.subject.type === 'phone') {
      const previousRating = before.rating ?? normalizeRating(target.reportedPreviousRating);
      const previousLimit = before.currentLimit ?? target.reportedPreviousLimit;
      if (previousRating !== target.previousRating) patch.previousRating = previousRating;
      if (previousLimit !== target.previousLimit) patch.previousLimit = previousLimit;
    }
    if (Object.keys(patch).length) corrections.push({ target, patch });
    before = { ...target, ...patch };
  }
  return corrections;
}

/** The rating or limit `entry` states, for a target that only carried one from an older statement. */
function carriedPatch(entry: QualityEntry, target: QualityEntry): CurrentPatch | undefined {
  const at = positionOf(entry);
  // Replaceable: a value never stated, or carried from a statement older than this one. (A value
  // without its source was stored before sources were kept: left alone.)
  const replaceable = (from: string | undefined, value: unknown) => (from === undefined ? value === undefined : from !== positionOf(target) && from < at);
  const patch: CurrentPatch = {};
  if (entry.ratingFrom === at && replaceable(target.ratingFrom, target.rating)) Object.assign(patch, { rating: entry.rating, flagged: entry.flagged, ratingFrom: at });
  if (entry.limitFrom === at && replaceable(target.limitFrom, target.currentLimit)) Object.assign(patch, { currentLimit: entry.currentLimit, limitFrom: at });
  return Object.keys(patch).length ? patch : undefined;
}

/**
 * A change older than current that states the rating or the limit still replaces what the changes
 * after it (and current) only carried over from an even older statement: a phone webhook names no
 * rating, so a rating read from EUM just before it in time, recorded after it, is the one it carries.
 */
async function carryForward(store: QualityStore, entry: QualityEntry): Promise<void> {
  const at = positionOf(entry);
  if (entry.ratingFrom !== at && entry.limitFrom !== at) return;
  // The history first, so a change recorded meanwhile inherits the corrected values; a conditional
  // patch that loses to another writer is left to it (it wrote a newer statement).
  const corrections = correctionsAfter(entry, await store.entriesAfter(entry.subject, entry.occurredAt, entry.eventId));
  for (const { target, patch } of corrections) await store.patchEntry(target, patch, 'history');
  // Current: a few rounds, as another writer may move it between the read and the conditional patch.
  for (let round = 0; round < 3; round++) {
    const current = await store.getCurrent(entry.subject);
    if (!current) return;
    const planned = corrections.find((c) => c.target.eventId === current.eventId)?.patch ?? {};
    const before = Object.fromEntries(Object.entries(planned).filter(([field]) => field === 'previousRating' || field === 'previousLimit'));
    const patch: CurrentPatch = { ...carriedPatch(entry, current), ...before };
    if (!Object.keys(patch).length || (await store.patchEntry(current, patch, 'current'))) return;
  }
}

function changeDetail(entry: QualityEntry, now: Date) {
  return {
    occurredAt: entry.occurredAt,
    receivedAt: now.toISOString(),
    wabaId: entry.wabaId,
    phoneNumberId: entry.subject.type === 'phone' ? entry.subject.id : undefined,
    subjectType: entry.subject.type,
    subjectId: entry.subject.id,
    displayPhoneNumber: entry.displayPhoneNumber,
    templateName: entry.templateName,
    changeEventId: entry.eventId,
    event: entry.event,
    rating: entry.rating,
    previousRating: entry.previousRating,
    currentLimit: entry.currentLimit,
    previousLimit: entry.previousLimit,
    source: entry.source,
  };
}

/** Domain event detail → observation. Phone events without a phone number id fall back to the display number. */
export function observationFromPhoneEvent(d: DomainDetail<'phone.quality_changed'>): QualityObservation {
  const id = d.phoneNumberId ?? (d.displayPhoneNumber ? `display:${d.displayPhoneNumber}` : undefined);
  if (!id) throw new Error('phone.quality_changed: phoneNumberId or displayPhoneNumber is required');
  return {
    subject: { type: 'phone', id },
    eventId: d.eventId,
    occurredAt: canonicalTime(d.occurredAt),
    receivedAt: d.receivedAt,
    source: d.source,
    event: d.event,
    rating: d.rating,
    currentLimit: d.currentLimit,
    reportedPreviousLimit: d.previousLimit,
    displayPhoneNumber: d.displayPhoneNumber,
    wabaId: d.wabaId,
  };
}

export function observationFromTemplateEvent(d: DomainDetail<'template.quality_changed'>): QualityObservation {
  return {
    subject: { type: 'template', id: d.templateId },
    eventId: d.eventId,
    occurredAt: canonicalTime(d.occurredAt),
    receivedAt: d.receivedAt,
    source: d.source,
    event: 'QUALITY_SCORE',
    rating: d.rating,
    reportedPreviousRating: d.previousRating,
    templateName: d.templateName,
    wabaId: d.wabaId,
  };
}

/** One spelling of each instant (`…T00:00:00.000Z`), so history keys sort in time order whatever the producer wrote. */
export const canonicalTime = (iso: string): string => new Date(iso).toISOString();
