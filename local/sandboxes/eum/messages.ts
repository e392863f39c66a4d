import type { IdFactory } from '../shared/scheduler.js';
import type { SandboxAccount } from './account.js';
import { validation } from './errors.js';
import type { TemplateStore } from './templates.js';
import { unixSeconds, type EumWebhooks } from './webhooks.js';

export interface DeliveryPlan {
  outcome: 'read' | 'delivered' | 'failed';
  /** Meta error code for `failed` (default 131026). */
  errorCode?: number;
  /** Overrides the pricing category (else the template's category, or "service" for free-form). */
  pricingCategory?: string;
  /** Unscaled milliseconds between status webhooks (default 300). */
  stepDelayMs?: number;
}

export interface SentMessage {
  messageId: string;
  wamid: string;
  originationPhoneNumberId: string;
  metaApiVersion: string;
  to: string;
  type: string;
  message: Record<string, unknown>;
  bizOpaqueCallbackData?: string;
  templateName?: string;
  pricing?: { billable: boolean; pricing_model: 'PMP'; category: string; type: string };
  /** Statuses delivered so far, in order. */
  statuses: string[];
  sentAt: Date;
}

/** Titles from Meta's error-code reference (Cloud API). */
export const META_ERRORS: Record<number, { title: string; details: string }> = {
  131026: { title: 'Message undeliverable', details: 'Unable to deliver message. The recipient may not be a WhatsApp user or may not have accepted the latest terms.' },
  131049: {
    title: 'This message was not delivered to maintain healthy ecosystem engagement.',
    details: 'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.',
  },
  131047: { title: 'Re-engagement message', details: 'More than 24 hours have passed since the recipient last replied to the sender number.' },
  131050: { title: 'User has stopped marketing messages', details: 'The user has chosen to stop receiving marketing messages from this business.' },
  131000: { title: 'Something went wrong', details: 'Message failed to send because of an unknown error.' },
  131021: { title: 'Recipient cannot be sender', details: 'Sender and recipient phone number is the same.' },
  131042: { title: 'Business eligibility payment issue', details: 'There was an error related to your payment method.' },
  131051: { title: 'Unsupported message type', details: 'Unsupported message type.' },
  130472: { title: "User's number is part of an experiment", details: "Failed to send message because this user's phone number is part of an experiment." },
};

const TYPES = ['text', 'template', 'interactive', 'image', 'audio', 'video', 'document', 'sticker', 'location', 'contacts', 'reaction'];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Meta's message checks (the ones the Cloud API applies before accepting a send). */
function checkMessage(m: unknown, templates: TemplateStore): { to: string; type: string; templateCategory?: string; templateName?: string } {
  if (!isObject(m)) throw validation('message: must be Meta message JSON (an object)');
  if (m.messaging_product !== 'whatsapp') throw validation('(#100) Invalid parameter: messaging_product must be "whatsapp"');
  // Meta: `to` (a phone number) wins over `recipient` (a BSUID or parent BSUID) when both are given.
  const to = m.to !== undefined ? m.to : m.recipient;
  if (m.to === undefined && (typeof m.recipient !== 'string' || !BSUID.test(m.recipient)))
    throw validation('(#100) Invalid parameter: recipient must be a business-scoped user id (CC.… or CC.ENT.…), or give to');
  if (m.to !== undefined && (typeof m.to !== 'string' || !/^\+?\d{5,20}$/.test(m.to)))
    throw validation('(#100) Invalid parameter: to must be the recipient phone number (digits, optional +)');
  const type = m.type === undefined ? 'text' : m.type;
  if (typeof type !== 'string' || !TYPES.includes(type)) throw validation(`(#100) Invalid parameter: type must be one of ${TYPES.join(', ')}`);
  const body = m[type];
  if (!isObject(body)) throw validation(`(#100) The parameter ${type} is required`);
  if (type === 'text' && (typeof body.body !== 'string' || body.body.length === 0 || body.body.length > 4096))
    throw validation('(#100) Invalid parameter: text.body must be 1 to 4096 characters');
  if (type === 'interactive' && typeof body.type !== 'string') throw validation('(#100) The parameter interactive.type is required');
  if (type === 'template') {
    const lang = isObject(body.language) ? body.language.code : undefined;
    if (typeof body.name !== 'string' || typeof lang !== 'string') throw validation('(#100) The parameters template.name and template.language.code are required');
    const t = templates.find(body.name, lang);
    if (!t) throw validation(`(#132001) Template name does not exist in the translation: ${body.name} (${lang})`);
    if (t.status === 'PAUSED') throw validation(`(#132015) Template is paused: ${body.name}`);
    if (t.status === 'DISABLED') throw validation(`(#132016) Template is disabled: ${body.name}`);
    if (t.status !== 'APPROVED') throw validation(`(#132001) Template name does not exist in the translation: ${body.name} (${lang}) is ${t.status}`);
    if (m.to === undefined && t.category === 'AUTHENTICATION') throw validation('(#131062) Business-scoped User ID recipients are not supported for this message.');
    return { to: to as string, type, templateCategory: t.category.toLowerCase(), templateName: t.name };
  }
  return { to: to as string, type };
}
const BSUID = /^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$/;
const isBsuid = (id: string) => BSUID.test(id);
/** A user's key for the window: the BSUID as is, a phone number as its digits. */
const userKey = (id: string) => (isBsuid(id) ? id : id.replace(/\D/g, ''));

/** SendWhatsAppMessage and the status webhooks that follow it. */
export class MessageDesk {
  readonly sent: SentMessage[] = [];
  private defaultPlan: DeliveryPlan = { outcome: 'read' };
  private readonly plans = new Map<string, DeliveryPlan>();
  /** Last inbound message per user (wa_id digits): opens the 24-hour customer-service window. */
  private readonly lastInbound = new Map<string, Date>();
  /** Fail free-form sends outside the window with 131047, as Meta does (opt-in). */
  enforceWindow = false;

  constructor(
    private readonly account: SandboxAccount,
    private readonly ids: IdFactory,
    private readonly templates: TemplateStore,
    private readonly webhooks: EumWebhooks,
    private readonly now: () => Date,
  ) {}

  setDeliveryPlan(plan: DeliveryPlan, to?: string): void {
    if (to) this.plans.set(to.replace(/^\+/, ''), plan);
    else this.defaultPlan = plan;
  }

  noteInbound(waId: string, at = this.now()): void {
    this.lastInbound.set(userKey(waId), at);
  }

  /** Whether the user wrote in the last 24 hours (real time: the product checks the window with its own clock). */
  windowOpen(waId: string): boolean {
    const at = this.lastInbound.get(userKey(waId));
    return !!at && this.now().getTime() - at.getTime() < 24 * 3600 * 1000;
  }

  /** Checks a media id a send names (set by the media desk): the error message, or undefined when it may be sent. */
  mediaCheck?: (mediaId: string, originationPhoneNumberId: string) => string | undefined;

  send(input: { originationPhoneNumberId: string; metaApiVersion: string; message: unknown }): SentMessage {
    const m = input.message as Record<string, unknown>;
    const checked = checkMessage(m, this.templates);
    const mediaId = isObject(m[checked.type]) ? (m[checked.type] as Record<string, unknown>).id : undefined;
    if (typeof mediaId === 'string' && this.mediaCheck) {
      const problem = this.mediaCheck(mediaId, input.originationPhoneNumberId);
      if (problem) throw validation(problem);
    }
    const recipient = checked.to.replace(/^\+/, '');
    let plan = this.plans.get(recipient) ?? this.defaultPlan;
    if (this.enforceWindow && checked.type !== 'template' && !this.windowOpen(recipient)) plan = { ...plan, outcome: 'failed', errorCode: 131047 };
    const category = plan.pricingCategory ?? checked.templateCategory ?? 'service';
    const free = category === 'service';
    const sent: SentMessage = {
      messageId: this.ids.uuid('eum-message'),
      wamid: `wamid.${Buffer.from(`HBgM${recipient}FQIAERgS${this.ids.hex('wamid', 20).toUpperCase()}`).toString('base64')}`,
      originationPhoneNumberId: input.originationPhoneNumberId,
      metaApiVersion: input.metaApiVersion,
      to: checked.to,
      type: checked.type,
      message: m,
      bizOpaqueCallbackData: typeof m.biz_opaque_callback_data === 'string' ? m.biz_opaque_callback_data : undefined,
      templateName: checked.templateName,
      pricing: { billable: !free, pricing_model: 'PMP', category, type: free ? 'free_customer_service' : 'regular' },
      statuses: [],
      sentAt: this.now(),
    };
    this.sent.push(sent);
    this.planStatuses(sent, plan);
    return sent;
  }

  private planStatuses(s: SentMessage, plan: DeliveryPlan): void {
    const step = plan.stepDelayMs ?? 300;
    const sequence: string[] = plan.outcome === 'failed' ? ['failed'] : plan.outcome === 'delivered' ? ['sent', 'delivered'] : ['sent', 'delivered', 'read'];
    sequence.forEach((status, i) => this.webhooks.schedule(step * (i + 1), () => this.statusEntry(s, status, plan), `message:${s.messageId}`));
  }

  private statusEntry(s: SentMessage, status: string, plan: DeliveryPlan) {
    s.statuses.push(status);
    const base: Record<string, unknown> = {
      id: s.wamid,
      status,
      timestamp: String(unixSeconds(this.now())),
      // A BSUID-only send: Meta leaves recipient_id empty and names the user by recipient_user_id.
      ...(isBsuid(s.to) ? { recipient_id: '', recipient_user_id: s.to } : { recipient_id: s.to.replace(/^\+/, '') }),
      ...(s.bizOpaqueCallbackData !== undefined ? { biz_opaque_callback_data: s.bizOpaqueCallbackData } : {}),
    };
    if (status === 'failed') {
      const code = plan.errorCode ?? 131026;
      const e = META_ERRORS[code] ?? { title: `Error ${code}`, details: `Meta error ${code}` };
      base.errors = [
        { code, title: e.title, message: e.title, error_data: { details: e.details }, href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/' },
      ];
    } else base.pricing = s.pricing;
    return this.webhooks.messagesEntry({ statuses: [base] });
  }

  /** Meta phone id this desk sends from (for status metadata). */
  get metaPhoneNumberId(): string {
    return this.account.phone.metaPhoneNumberId;
  }
}
