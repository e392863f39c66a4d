import { ZodError, type z } from 'zod';
import { DetailType, makeEvent, type DomainEvent } from '../../../events/index.js';
import {
  AccountUpdateValueSchema,
  MetaChangeSchema,
  MetaInboundMessageSchema,
  MetaMessagesValueSchema,
  MetaStatusSchema,
  PaymentConfigurationValueSchema,
  PhoneQualityValueSchema,
  TemplateCategoryValueSchema,
  TemplateQualityValueSchema,
  TemplateStatusValueSchema,
  type MetaEntry,
  type MetaEntryEnvelope,
  type MetaInboundMessage,
  type MetaMessagesValue,
  type MetaStatus,
} from '../../../events/inbound/meta-webhook.js';
import { toMinorUnits } from '../shared/money.js';
import { toIsoTime } from '../shared/time.js';
import { describeZodError } from '../shared/zod-errors.js';

/** What one Meta entry became: events to publish, parts skipped on purpose, parts rejected as invalid. */
export interface NormalizeResult {
  events: DomainEvent[];
  /** Change kinds we do not handle: acknowledged and counted, never an error. */
  ignored: { field: string; reason: string }[];
  /** Invalid parts (one status, one message…): rejected with the field and the rule; the rest goes on. */
  rejected: { path: string; reason: string }[];
}

export interface EntryContext {
  receivedAt: string;
  /** Phone number id from EUM's context, used when Meta's change does not name one (quality updates). */
  phoneNumberId?: string;
  /**
   * Provider time of the delivery that carried the entry (EUM's `message_timestamp`), stable across
   * redeliveries: stands in for `entry.time`, which EUM's entries do not always carry.
   */
  envelopeTime?: string;
}

/** Our outbound messages carry `biz_opaque_callback_data` starting with this prefix. */
export const OUTBOUND_KEY_PREFIX = 'out_';

const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'document', 'sticker']);

/** Where one change of an entry came from: what every event made from it shares. */
interface ChangeScope {
  wabaId: string;
  /** Provider time naming the change (entry.time, else the envelope's); part of the event ids. */
  stamp: string | number | undefined;
  /** `stamp` as ISO time (receivedAt when there is none). */
  entryTime: string;
  ctx: EntryContext;
}

/** One account-level change kind: its value checked against the kind's schema, then made into its one event. */
interface ChangeKind {
  normalize(value: unknown, scope: ChangeScope): { event: DomainEvent } | { error: ZodError };
}
const mapping = <T>(schema: z.ZodType<T>, event: (value: T, scope: ChangeScope) => DomainEvent): ChangeKind => ({
  normalize: (value, scope) => {
    const parsed = schema.safeParse(value);
    return parsed.success ? { event: event(parsed.data, scope) } : { error: parsed.error };
  },
});
/** The fields every account-level event takes from its entry. */
const fromEntry = (s: ChangeScope) => ({ occurredAt: s.entryTime, receivedAt: s.ctx.receivedAt, wabaId: s.wabaId });

/**
 * Every account-level change kind this system handles (`messages` carries many parts and is
 * normalized on its own below); any other `field` is acknowledged and counted as ignored.
 */
const CHANGE_EVENTS: Record<string, ChangeKind> = {
  message_template_status_update: mapping(TemplateStatusValueSchema, (d, s) => {
    // PAUSED/DISABLED carry reason null and say why in other_info.
    const info = [d.other_info?.title, d.other_info?.description].filter(Boolean).join(': ');
    const reason = (d.reason && d.reason !== 'NONE' ? d.reason : undefined) ?? (info || undefined);
    return makeEvent(DetailType.TemplateStatusChanged, {
      eventId: `tpl:${d.message_template_id}:${d.event}:${s.stamp ?? reason ?? ''}`,
      ...fromEntry(s),
      templateId: d.message_template_id,
      templateName: d.message_template_name,
      language: d.message_template_language,
      category: d.message_template_category,
      status: d.event,
      reason,
      source: 'webhook',
    });
  }),
  template_category_update: mapping(TemplateCategoryValueSchema, (d, s) => {
    // An impending change names the category to come; a completed one, the category it left.
    const impending = d.correct_category !== undefined && d.previous_category === undefined;
    return makeEvent(DetailType.TemplateCategoryChanged, {
      eventId: `tplcat:${d.message_template_id}:${impending ? 'impending' : 'changed'}:${d.previous_category ?? d.correct_category ?? ''}:${d.new_category}:${s.stamp ?? ''}`,
      ...fromEntry(s),
      templateId: d.message_template_id,
      templateName: d.message_template_name,
      language: d.message_template_language,
      category: d.new_category,
      previousCategory: d.previous_category,
      correctCategory: d.correct_category,
      effectiveAt: d.category_update_timestamp === undefined ? undefined : toIsoTime(d.category_update_timestamp, s.entryTime),
      impending,
    });
  }),
  message_template_quality_update: mapping(TemplateQualityValueSchema, (d, s) =>
    makeEvent(DetailType.TemplateQualityChanged, {
      eventId: `tplq:${d.message_template_id}:${d.new_quality_score}:${s.stamp ?? ''}`,
      ...fromEntry(s),
      templateId: d.message_template_id,
      templateName: d.message_template_name,
      language: d.message_template_language,
      previousRating: d.previous_quality_score,
      rating: d.new_quality_score,
      source: 'webhook',
    }),
  ),
  phone_number_quality_update: mapping(PhoneQualityValueSchema, (d, s) =>
    makeEvent(DetailType.PhoneQualityChanged, {
      eventId: `phq:${s.ctx.phoneNumberId ?? d.display_phone_number ?? s.wabaId}:${d.event}:${d.current_limit ?? ''}:${s.stamp ?? ''}`,
      ...fromEntry(s),
      phoneNumberId: s.ctx.phoneNumberId,
      displayPhoneNumber: d.display_phone_number,
      event: d.event,
      currentLimit: d.current_limit,
      previousLimit: d.old_limit,
      source: 'webhook',
    }),
  ),
  account_update: mapping(AccountUpdateValueSchema, ({ event = 'UNKNOWN', ...info }, s) =>
    makeEvent(DetailType.AccountUpdated, { eventId: `acct:${s.wabaId}:${event}:${s.stamp ?? ''}`, ...fromEntry(s), event, info }),
  ),
  payment_configuration_update: mapping(PaymentConfigurationValueSchema, (d, s) =>
    makeEvent(DetailType.PaymentMetaStatus, {
      eventId: `paycfg:${s.wabaId}:${d.configuration_name}:${d.status}:${d.updated_timestamp ?? s.stamp ?? ''}`,
      ...fromEntry(s),
      // The configuration's own time, when Meta gives one, names the change better than the entry's.
      occurredAt: toIsoTime(d.updated_timestamp, s.entryTime),
      kind: 'payment_configuration_update',
      configurationName: d.configuration_name,
      providerName: d.provider_name,
      status: d.status,
    }),
  ),
};

/** Accepts a parsed entry, or one whose changes are still unchecked (each is then validated on its own). */
export function normalizeMetaEntry(entry: MetaEntry | MetaEntryEnvelope, ctx: EntryContext): NormalizeResult {
  const result: NormalizeResult = { events: [], ignored: [], rejected: [] };
  const wabaId = entry.id;
  // Account-level changes carry no time of their own: entry.time, else the envelope's, names them.
  const stamp = entry.time ?? ctx.envelopeTime;
  const scope: ChangeScope = { wabaId, stamp, entryTime: toIsoTime(stamp, ctx.receivedAt), ctx };

  entry.changes.forEach((rawChange, i) => {
    const parsedChange = MetaChangeSchema.safeParse(rawChange);
    if (!parsedChange.success) return void result.rejected.push({ path: `changes[${i}]`, reason: describeZodError(parsedChange.error) });
    const change = parsedChange.data;
    const at = `changes[${i}].value`;
    // A value that passes the inbound schema can still make an invalid event (an id past 512 chars…).
    collect(result, at, () => {
      if (change.field === 'messages') return normalizeMessagesChange(change.value, { wabaId, at, ctx, result });
      const kind = Object.hasOwn(CHANGE_EVENTS, change.field) ? CHANGE_EVENTS[change.field] : undefined;
      if (!kind) return void result.ignored.push({ field: change.field, reason: 'change kind not handled by this system' });
      const out = kind.normalize(change.value, scope);
      if ('error' in out) return void result.rejected.push({ path: at, reason: describeZodError(out.error) });
      result.events.push(out.event);
    });
  });
  return result;
}

/** Runs `build`; an event that fails its domain schema rejects that part only, naming the field. */
function collect(result: NormalizeResult, path: string, build: () => void): void {
  try {
    build();
  } catch (err) {
    if (!(err instanceof ZodError)) throw err;
    result.rejected.push({ path, reason: describeZodError(err) });
  }
}

interface MessagesScope {
  wabaId: string;
  at: string;
  ctx: EntryContext;
  result: NormalizeResult;
}

function normalizeMessagesChange(raw: unknown, scope: MessagesScope): void {
  const parsed = MetaMessagesValueSchema.safeParse(raw);
  if (!parsed.success) {
    scope.result.rejected.push({ path: scope.at, reason: describeZodError(parsed.error) });
    return;
  }
  const value = parsed.data;
  (value.messages ?? []).forEach((m, j) => {
    const msg = MetaInboundMessageSchema.safeParse(m);
    if (!msg.success) {
      scope.result.rejected.push({ path: `${scope.at}.messages[${j}]`, reason: describeZodError(msg.error) });
      return;
    }
    collect(scope.result, `${scope.at}.messages[${j}]`, () => scope.result.events.push(...inboundMessageEvents(msg.data, value, scope)));
  });
  (value.statuses ?? []).forEach((s, j) => {
    const status = MetaStatusSchema.safeParse(s);
    if (!status.success) {
      scope.result.rejected.push({ path: `${scope.at}.statuses[${j}]`, reason: describeZodError(status.error) });
      return;
    }
    collect(scope.result, `${scope.at}.statuses[${j}]`, () => {
      const event = statusEvent(status.data, value, scope);
      if (event) scope.result.events.push(event);
      else scope.result.ignored.push({ field: 'messages.statuses', reason: `status "${status.data.status}" not tracked` });
    });
  });
  if (value.errors?.length) {
    scope.result.ignored.push({ field: 'messages.errors', reason: `Meta reported ${value.errors.map((e) => e.code).join(',')}` });
  }
}

function inboundMessageEvents(m: MetaInboundMessage, value: MetaMessagesValue, scope: MessagesScope): DomainEvent[] {
  const phoneNumberId = value.metadata.phone_number_id;
  // The sender's contact: matched by wa_id or business-scoped user id; the lone contact only when
  // the message names no sender (never another customer's name for a known sender).
  const contact =
    value.contacts?.find((c) => (m.from && c.wa_id === m.from) || (m.from_user_id && c.user_id === m.from_user_id)) ??
    (!m.from && value.contacts?.length === 1 ? value.contacts[0] : undefined);
  // `from` may be empty for users identified only by a business-scoped user id.
  const from = m.from || contact?.wa_id || m.from_user_id || contact?.user_id || '';
  const common = {
    occurredAt: toIsoTime(m.timestamp, scope.ctx.receivedAt),
    receivedAt: scope.ctx.receivedAt,
    phoneNumberId,
    wabaId: scope.wabaId,
  };
  const media = MEDIA_TYPES.has(m.type) ? mediaOf(m[m.type]) : undefined;
  const events: DomainEvent[] = [
    makeEvent(DetailType.MessageReceived, {
      ...common,
      eventId: `msg:${m.id}`,
      messageId: m.id,
      from,
      fromUserId: m.from_user_id ?? contact?.user_id,
      profileName: contact?.profile?.name,
      type: m.type,
      text: m.text?.body ?? m.button?.text ?? m.interactive?.button_reply?.title ?? m.interactive?.list_reply?.title,
      replyId: m.interactive?.button_reply?.id ?? m.interactive?.list_reply?.id ?? m.button?.payload,
      contextMessageId: m.context?.id,
      mediaId: media?.id,
      media,
    }),
  ];
  const nfm = m.interactive?.nfm_reply;
  if (nfm) {
    const response = parseJsonObject(nfm.response_json);
    events.push(
      makeEvent(DetailType.FlowCompleted, {
        ...common,
        eventId: `flow:${m.id}`,
        messageId: m.id,
        from,
        flowToken: typeof response.flow_token === 'string' ? response.flow_token : undefined,
        response,
      }),
    );
  }
  if (m.order) {
    const items = m.order.product_items.map((p) => ({
      productRetailerId: p.product_retailer_id,
      quantity: p.quantity,
      itemPrice: p.item_price,
      currency: p.currency,
    }));
    const currencies = new Set(items.map((i) => i.currency));
    const currency = currencies.size === 1 ? items[0]?.currency : undefined;
    events.push(
      makeEvent(DetailType.OrderReceived, {
        ...common,
        eventId: `order:${m.id}`,
        messageId: m.id,
        from,
        catalogId: m.order.catalog_id,
        items,
        currency,
        totalMinor: currency ? items.reduce((sum, i) => sum + i.quantity * toMinorUnits(i.itemPrice, currency), 0) : undefined,
      }),
    );
  }
  return events;
}

/** Meta's media object (`image`, `audio`…): only string/boolean fields of the documented names are kept. */
function mediaOf(raw: unknown) {
  if (!raw || typeof raw !== 'object') return undefined;
  const o = raw as Record<string, unknown>;
  if (typeof o.id !== 'string' || !o.id) return undefined;
  const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
  const bool = (k: string) => (typeof o[k] === 'boolean' ? (o[k] as boolean) : undefined);
  return { id: o.id, mimeType: str('mime_type'), sha256: str('sha256'), caption: str('caption'), filename: str('filename'), voice: bool('voice'), animated: bool('animated') };
}

const TRACKED_STATUSES = new Set(['accepted', 'sent', 'delivered', 'read', 'failed', 'deleted', 'warning']);

function statusEvent(s: MetaStatus, value: MetaMessagesValue, scope: MessagesScope): DomainEvent | undefined {
  if (!TRACKED_STATUSES.has(s.status)) return undefined;
  const callback = s.biz_opaque_callback_data;
  const messageKey = callback?.startsWith(OUTBOUND_KEY_PREFIX) ? callback : s.id;
  return makeEvent(DetailType.MessageStatus, {
    eventId: `status:${s.id}:${s.status}`,
    occurredAt: toIsoTime(s.timestamp, scope.ctx.receivedAt),
    receivedAt: scope.ctx.receivedAt,
    phoneNumberId: value.metadata.phone_number_id,
    wabaId: scope.wabaId,
    messageKey,
    wamid: s.id,
    status: s.status as 'sent',
    recipient: s.recipient_id || s.recipient_user_id || undefined,
    bizOpaqueCallbackData: callback,
    pricing: s.pricing
      ? {
          billable: s.pricing.billable,
          pricingModel: s.pricing.pricing_model,
          category: s.pricing.category,
          type: s.pricing.type,
        }
      : undefined,
    conversationCategory: s.conversation?.origin?.type,
    errors: s.errors?.map((e) => ({ code: e.code, title: e.title ?? e.message, details: e.error_data?.details })),
    via: 'meta-webhook',
  });
}

function parseJsonObject(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { unparsed: text };
  }
}
