import * as z from 'zod';
import { InvalidCursorError } from '../ports/errors.js';
import type { PhoneNumberDirectory } from '../ports/eum.js';
import { normalizeRating, type QualityEntry, type QualitySubject } from '../domain/quality/model.js';
import { ratingChangeEvent } from '../domain/quality/observe.js';
import { observationFromPhoneEvent, recordQualityChange } from '../domain/quality/record-change.js';
import type { DomainDetail } from '../../events/index.js';
import { ActionError, defineAction, insightsOf, type ActionContext, type ActionDefinition } from './types.js';
import { keyId } from '../domain/shared/ids.js';
import { entryGuidance } from '../domain/quality/entry-kind.js';
import { guidanceFor, templateStatusKind } from '../domain/templates/guidance.js';

const storeOf = (ctx: ActionContext) => insightsOf(ctx).qualityStore;
const isoOrDay = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO-8601 date or time');

/** EUM ids (`phone-number-id-…`) are resolved to Meta's phone_number_id, under which history and messages are stored. */
export async function resolveMetaPhoneId(id: string, directory: PhoneNumberDirectory): Promise<string> {
  if (!id.startsWith('phone-number-id-')) return id;
  const phone = await directory.get(id);
  if (!phone) throw new ActionError(`phoneNumberId: ${id} is not a phone number linked to EUM Social`, 404, 'NotFound');
  return phone.metaPhoneNumberId;
}

const entryView = (e: QualityEntry, subject: QualitySubject['type'] = e.subject?.type ?? 'phone') => ({
  ...entryGuidance(e, subject),
  occurredAt: e.occurredAt,
  rating: e.rating ?? null,
  previousRating: e.previousRating ?? null,
  currentLimit: e.currentLimit ?? null,
  previousLimit: e.previousLimit ?? null,
  flagged: e.flagged ?? null,
  event: e.event ?? null,
  source: e.source,
  eventId: e.eventId,
  recordedAt: e.recordedAt,
});

const listPhoneNumbers = defineAction({
  name: 'list_phone_numbers',
  status: 'supported',
  summary: "The phone numbers linked to EUM Social, each with EUM's quality rating now beside the rating, messaging limit and last change we have stored",
  needs: ['social-messaging:ListLinkedWhatsAppBusinessAccounts and GetLinkedWhatsAppBusinessAccount'],
  input: z.object({
    action: z.literal('list_phone_numbers'),
    wabaId: keyId('wabaId').optional().describe("Only this WhatsApp Business Account's numbers: EUM's id (waba-…) or Meta's WABA id"),
  }),
  async run(input, ctx) {
    const { phoneDirectory, qualityStore } = insightsOf(ctx);
    const linked = (await phoneDirectory.list()).filter((p) => !input.wabaId || p.linkedWabaId === input.wabaId || p.metaWabaId === input.wabaId);
    const phoneNumbers = await Promise.all(
      linked.map(async (p) => {
        const stored = await qualityStore.getCurrent({ type: 'phone', id: p.metaPhoneNumberId });
        const eumRating = normalizeRating(p.qualityRating);
        return {
          displayPhoneNumber: p.displayPhoneNumber ?? null,
          displayPhoneNumberName: p.displayPhoneNumberName ?? null,
          qualityRating: eumRating ?? null,
          storedRating: stored?.rating ?? null,
          // Only when both sides know a rating: nothing stored yet is not a disagreement.
          ratingsDiffer: !!eumRating && !!stored?.rating && eumRating !== stored.rating,
          messagingLimit: stored?.currentLimit ?? null,
          lastChangedAt: stored?.occurredAt ?? null,
          phoneNumberId: p.metaPhoneNumberId,
          eumPhoneNumberId: p.eumPhoneNumberId,
          wabaId: p.linkedWabaId ?? null,
          metaWabaId: p.metaWabaId ?? null,
          wabaName: p.wabaName ?? null,
        };
      }),
    );
    return { phoneNumbers };
  },
});

const getQualityRating = defineAction({
  name: 'get_quality_rating',
  status: 'supported',
  summary: "A phone number's current quality rating read from EUM now; recorded in the history when it differs from the stored one",
  needs: ['social-messaging:GetLinkedWhatsAppBusinessAccountPhoneNumber (and GetLinkedWhatsAppBusinessAccount to resolve a Meta id)'],
  input: z.object({ action: z.literal('get_quality_rating'), phoneNumberId: keyId('phoneNumberId') }),
  async run(input, ctx) {
    const phone = await insightsOf(ctx).phoneDirectory.get(input.phoneNumberId);
    if (!phone) throw new ActionError(`phoneNumberId: ${input.phoneNumberId} is not a phone number linked to EUM Social`, 404, 'NotFound');
    const store = storeOf(ctx);
    const subject: QualitySubject = { type: 'phone', id: phone.metaPhoneNumberId };
    const before = await store.getCurrent(subject);
    const event = ratingChangeEvent(phone, before, ctx.now());
    let recorded: { direction: string; reasons: string[] } | undefined;
    if (event) {
      // Write through the same domain code as the state machine, so the answer already shows it;
      // the published phone.quality_changed then finds a duplicate there and raises nothing twice.
      const result = await recordQualityChange(store, observationFromPhoneEvent(event.detail as DomainDetail<'phone.quality_changed'>), ctx.now());
      const derived = [result.directionEvent, result.alertEvent].filter((e) => e !== undefined);
      await ctx.deps.publisher.publish([event, ...derived]);
      recorded = { direction: result.direction, reasons: result.reasons };
    }
    const current = await store.getCurrent(subject);
    return {
      phoneNumberId: phone.metaPhoneNumberId,
      eumPhoneNumberId: phone.eumPhoneNumberId,
      displayPhoneNumber: phone.displayPhoneNumber,
      qualityRating: phone.qualityRating ?? null,
      messagingLimit: current?.currentLimit ?? null,
      recorded: !!recorded,
      ...(recorded ? { change: recorded } : {}),
      previous: before ? entryView(before) : null,
    };
  },
});

const getQualityHistory = defineAction({
  name: 'get_quality_history',
  status: 'supported',
  summary: 'Quality-rating and messaging-limit history of a phone number or a template, newest first, paginated',
  needs: ['quality changes recorded by the QualityRecording state machine (webhooks) and the polling schedule'],
  input: z
    .object({
      action: z.literal('get_quality_history'),
      phoneNumberId: keyId('phoneNumberId').optional(),
      templateId: keyId('templateId').optional(),
      templateName: keyId('templateName').optional(),
      from: isoOrDay.optional(),
      to: isoOrDay.optional(),
      limit: z.number().int().min(1).max(100).default(20),
      cursor: z.string().min(1).optional(),
    })
    .refine((v) => [v.phoneNumberId, v.templateId, v.templateName].filter(Boolean).length === 1, {
      message: 'give exactly one of phoneNumberId, templateId, templateName',
      path: ['phoneNumberId'],
    }),
  async run(input, ctx) {
    const store = storeOf(ctx);
    let subject: QualitySubject;
    if (input.phoneNumberId) subject = { type: 'phone', id: await resolveMetaPhoneId(input.phoneNumberId, insightsOf(ctx).phoneDirectory) };
    else if (input.templateId) subject = { type: 'template', id: input.templateId };
    else {
      const id = await store.templateIdByName(input.templateName!);
      if (!id) return { subject: { type: 'template', name: input.templateName }, current: null, entries: [], nextCursor: null };
      subject = { type: 'template', id };
    }
    const norm = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : v ? new Date(v).toISOString() : undefined);
    try {
      const page = await store.listHistory({ subject, from: norm(input.from), to: norm(input.to), limit: input.limit, cursor: input.cursor });
      const current = await store.getCurrent(subject);
      const statusEvents = subject.type === 'template' ? await templateStatusEvents(ctx, subject.id, norm(input.from), norm(input.to)) : undefined;
      return {
        subject,
        current: current ? entryView(current, subject.type) : null,
        entries: page.entries.map((e) => entryView(e, subject.type)),
        nextCursor: page.nextCursor ?? null,
        ...(statusEvents ? { statusEvents } : {}),
      };
    } catch (err) {
      if (err instanceof InvalidCursorError) throw new ActionError(err.message, 400, 'ValidationError');
      throw err;
    }
  },
});

/**
 * A template's pauses, un-pauses and disables beside its quality score (Meta reports them as
 * template status changes, not quality updates): markers on the same chart.
 */
async function templateStatusEvents(ctx: ActionContext, metaTemplateId: string, from?: string, to?: string) {
  const history = (await insightsOf(ctx).templateHistory.history(metaTemplateId)).sort((a, b) => a.at.localeCompare(b.at));
  const events: { at: string; status: string; reason: string | null; kind: string; guidance: string | null }[] = [];
  let previous: string | undefined;
  for (const h of history) {
    const kind = templateStatusKind(h.status, previous);
    previous = h.status;
    if (!kind || (from && h.at < from) || (to && h.at.slice(0, to.length) > to)) continue;
    events.push({ at: h.at, status: h.status, reason: h.reason ?? null, kind, guidance: guidanceFor(h.status, h.reason) ?? null });
  }
  return events.reverse();
}

/** Actions of this concern (docs/architecture.md, "Actions"). */
export const qualityActions: ActionDefinition[] = [listPhoneNumbers as ActionDefinition, getQualityRating as ActionDefinition, getQualityHistory as ActionDefinition];
