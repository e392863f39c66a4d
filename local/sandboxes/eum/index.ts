import { seededRandom } from '../shared/random.js';
import { IdFactory, SandboxScheduler } from '../shared/scheduler.js';
import { listen, type SandboxRequest, type SandboxResponse } from '../shared/http.js';
import { createAccount, matchesPhone, matchesWaba, type SandboxAccount, type SandboxPhone } from './account.js';
import { EumError, errorResponse, notFound, validation, type EumErrorName } from './errors.js';
import { MessageDesk, type DeliveryPlan, type SentMessage } from './messages.js';
import { decodeBlob, TemplateStore, type ReviewPlan, type SandboxTemplate, type TemplateStatus } from './templates.js';
import { EumWebhooks, type DeliveredEnvelope, type MetaEntry } from './webhooks.js';
import { FlowStore, type SandboxFlow } from './flows.js';
import { MediaDesk } from './media.js';
import { validateIds } from './ids.js';
import type { LocalS3Store } from '../../aws-endpoints/s3.js';

export type { DeliveryPlan, ReviewPlan, SandboxTemplate, SentMessage, SandboxFlow, DeliveredEnvelope, MetaEntry, TemplateStatus };

/**
 * EUM Social sandbox: the REST-JSON wire contract of `@aws-sdk/client-socialmessaging` 3.1069
 * (paths, query/body members and error shapes read from the SDK's schemas_0.js), backed by an
 * in-memory WABA with one phone number. Meta's side is simulated: template review per plan,
 * status webhooks per delivery plan, quality changes on demand — all delivered as EUM's SNS
 * message body through `deliverWebhook`.
 */
export interface EumSandboxOptions {
  deliverWebhook: (snsMessageBody: string) => Promise<void>;
  /** Multiplies every simulated delay (review, status webhooks). Default 1. */
  timeScale?: number;
  /** Seed of the deterministic ids (default "eum-sandbox"). */
  seed?: string;
  accountId?: string;
  region?: string;
  now?: () => Date;
  log?: (msg: string) => void;
  /** Fail free-form (non-template) sends to users who have not written in 24 h with Meta's 131047, as WhatsApp does. Default false. */
  enforceCustomerServiceWindow?: boolean;
  /** IAM of the caller (the local runtime's, local/iam): an AccessDenied message refuses the call. */
  authorize?: (operation: string, req: SandboxRequest, body: Record<string, unknown>) => string | undefined;
  /** The local S3 the media operations read and write (the runtime's). */
  s3?: LocalS3Store;
}

export interface FaultSpec {
  /** SDK operation name (e.g. "SendWhatsAppMessage"); every operation when absent. */
  operation?: string;
  error: EumErrorName;
  /** Probability 0..1 (seeded, deterministic). Default 1. */
  rate?: number;
  /** Only the next N matching calls (then the fault clears itself). */
  times?: number;
  message?: string;
}

export interface PhoneQualityTrigger {
  /** Meta's phone_number_quality_update event: FLAGGED, UNFLAGGED, DOWNGRADE, UPGRADE, THROUGHPUT_UPGRADE… */
  event: string;
  currentLimit?: string;
  /** New quality rating returned by GetLinkedWhatsAppBusinessAccountPhoneNumber (GREEN, YELLOW, RED). */
  rating?: string;
}

export interface EumSandbox {
  endpoint: string;
  /** The linked phone number (EUM id, Meta id, display number) and its WABA (EUM `waba-…` id and Meta id). */
  readonly phoneNumber: Omit<SandboxPhone, 'displayPhoneNumberName'> & { wabaId: string; wabaArn: string; metaWabaId: string };
  setReviewPlan(plan: ReviewPlan, templateName?: string): void;
  templates(): SandboxTemplate[];
  createExternalTemplate(def: Record<string, unknown>, status?: TemplateStatus): SandboxTemplate;
  /** Later-in-life status changes (PAUSED, DISABLED, REJECTED…), with the status webhook unless `webhook: false`. */
  setTemplateStatus(templateName: string, status: TemplateStatus, opts?: { reason?: string; language?: string; webhook?: boolean }): SandboxTemplate;
  triggerTemplateQuality(input: { templateName: string; rating: 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN' }): void;
  sentMessages(): SentMessage[];
  /** Default plan for every recipient, or for one recipient (`to`). */
  setDeliveryPlan(plan: DeliveryPlan, to?: string): void;
  triggerPhoneQuality(input: PhoneQualityTrigger): void;
  /** Posts any Meta entry as EUM's SNS envelope to the webhook now (awaits the delivery). */
  deliverEntry(entry: object): Promise<void>;
  /** Records that `waId` wrote now (for the customer-service window), for inbound posted around the sandbox. */
  noteInbound(waId: string): void;
  /** A file a simulated customer sends: its WhatsApp media id and the base64 sha256 the webhook carries. */
  receiveMedia(bytes: Buffer, mimeType: string): { id: string; sha256: string };
  /** Header handles made by CreateWhatsAppMessageTemplateMedia. */
  headerHandles(): string[];
  flows(): SandboxFlow[];
  setFault(fault: FaultSpec | undefined): void;
  /** Every envelope handed to deliverWebhook (ok or failed after retries). */
  deliveries(): DeliveredEnvelope[];
  /** Simulated webhooks still due (the runtime's idle() waits for 0). */
  pending(): number;
  close(): Promise<void>;
}

const ROUTES: Record<string, string> = {
  'POST /v1/whatsapp/template/put': 'CreateWhatsAppMessageTemplate',
  'POST /v1/whatsapp/template': 'UpdateWhatsAppMessageTemplate',
  'GET /v1/whatsapp/template/list': 'ListWhatsAppMessageTemplates',
  'GET /v1/whatsapp/template': 'GetWhatsAppMessageTemplate',
  'DELETE /v1/whatsapp/template': 'DeleteWhatsAppMessageTemplate',
  'POST /v1/whatsapp/template/library': 'ListWhatsAppTemplateLibrary',
  'POST /v1/whatsapp/template/create': 'CreateWhatsAppMessageTemplateFromLibrary',
  'POST /v1/whatsapp/send': 'SendWhatsAppMessage',
  'GET /v1/whatsapp/waba/phone/details': 'GetLinkedWhatsAppBusinessAccountPhoneNumber',
  'GET /v1/whatsapp/waba/list': 'ListLinkedWhatsAppBusinessAccounts',
  'GET /v1/whatsapp/waba/details': 'GetLinkedWhatsAppBusinessAccount',
  'POST /v1/whatsapp/flow/create': 'CreateWhatsAppFlow',
  'POST /v1/whatsapp/flow/update': 'UpdateWhatsAppFlow',
  'POST /v1/whatsapp/flow/assets/update': 'UpdateWhatsAppFlowAssets',
  'POST /v1/whatsapp/flow/publish': 'PublishWhatsAppFlow',
  'GET /v1/whatsapp/flow': 'GetWhatsAppFlow',
  'GET /v1/whatsapp/flow/preview': 'GetWhatsAppFlowPreview',
  'GET /v1/whatsapp/flow/list': 'ListWhatsAppFlows',
  'GET /v1/whatsapp/flow/assets': 'ListWhatsAppFlowAssets',
  'POST /v1/whatsapp/flow/deprecate': 'DeprecateWhatsAppFlow',
  'DELETE /v1/whatsapp/flow': 'DeleteWhatsAppFlow',
  'POST /v1/whatsapp/media/get': 'GetWhatsAppMessageMedia',
  'POST /v1/whatsapp/media': 'PostWhatsAppMessageMedia',
  'DELETE /v1/whatsapp/media': 'DeleteWhatsAppMessageMedia',
  'POST /v1/whatsapp/template/media': 'CreateWhatsAppMessageTemplateMedia',
};

/** Opaque page tokens (offsets), like EUM's. */
function page<T>(items: T[], nextToken: string | null | undefined, maxResults: unknown, cap = 100): { items: T[]; nextToken?: string } {
  const start = nextToken
    ? Number(
        Buffer.from(nextToken, 'base64url')
          .toString('utf8')
          .replace(/^offset:/, ''),
      )
    : 0;
  if (!Number.isInteger(start) || start < 0) throw validation('nextToken: invalid');
  const size = maxResults === undefined || maxResults === null || maxResults === '' ? cap : Number(maxResults);
  if (!Number.isInteger(size) || size < 1 || size > cap) throw validation(`maxResults: must be between 1 and ${cap}`);
  const slice = items.slice(start, start + size);
  const end = start + slice.length;
  return { items: slice, ...(end < items.length ? { nextToken: Buffer.from(`offset:${end}`).toString('base64url') } : {}) };
}

export async function startEumSandbox(opts: EumSandboxOptions): Promise<EumSandbox> {
  const now = opts.now ?? (() => new Date());
  const log = opts.log ?? (() => undefined);
  const ids = new IdFactory(opts.seed ?? 'eum-sandbox');
  const scheduler = new SandboxScheduler(opts.timeScale ?? 1, (err) => log(`eum sandbox: ${String(err)}`));
  const account: SandboxAccount = createAccount(ids, { accountId: opts.accountId, region: opts.region, now: now() });
  const webhooks = new EumWebhooks(account, opts.deliverWebhook, ids, scheduler, now);
  const templates = new TemplateStore(account, ids, webhooks, now);
  const desk = new MessageDesk(account, ids, templates, webhooks, now);
  desk.enforceWindow = opts.enforceCustomerServiceWindow ?? false;
  const media = new MediaDesk(account, ids, opts.s3);
  desk.mediaCheck = (id, phone) => media.checkSendable(id, phone);
  let endpoint = '';
  const flows = new FlowStore(account, ids, now, () => endpoint, webhooks);
  let fault: FaultSpec | undefined;
  const random = seededRandom(`${opts.seed ?? 'eum-sandbox'}:faults`);

  const requireWaba = (id: unknown) => {
    if (typeof id !== 'string' || id === '') throw validation('id: required (the linked WhatsApp Business Account id)');
    if (!matchesWaba(account, id)) throw notFound(`WhatsApp Business Account ${id} not found`);
  };
  const requireString = (v: unknown, field: string): string => {
    if (typeof v !== 'string' || v === '') throw validation(`${field}: required`);
    return v;
  };
  const phoneSummary = () => ({
    arn: account.phone.arn,
    phoneNumber: account.phone.phoneNumber,
    phoneNumberId: account.phone.id,
    metaPhoneNumberId: account.phone.metaPhoneNumberId,
    displayPhoneNumberName: account.phone.displayPhoneNumberName,
    displayPhoneNumber: account.phone.displayPhoneNumber,
    qualityRating: account.phone.qualityRating,
    dataLocalizationRegion: 'IN',
  });
  const accountSummary = () => ({
    arn: account.wabaArn,
    id: account.wabaId,
    wabaId: account.metaWabaId,
    registrationStatus: 'COMPLETE',
    linkDate: Math.floor(account.linkDate.getTime() / 1000),
    wabaName: account.wabaName,
    eventDestinations: [{ eventDestinationArn: `arn:aws:sns:${account.region}:${account.accountId}:eum-social-events` }],
  });

  const operations: Record<string, (q: URLSearchParams, b: Record<string, unknown>) => unknown> = {
    GetWhatsAppMessageMedia: (_q, b) => media.get(b),
    PostWhatsAppMessageMedia: (_q, b) => media.post(b),
    DeleteWhatsAppMessageMedia: (q) => media.delete(q),
    CreateWhatsAppMessageTemplateMedia: (_q, b) => media.templateMedia(b),
    CreateWhatsAppMessageTemplate: (_q, b) => {
      requireWaba(b.id);
      const t = templates.create(decodeBlob(b.templateDefinition, 'templateDefinition'));
      return { metaTemplateId: t.metaTemplateId, templateStatus: t.status, category: t.category };
    },
    UpdateWhatsAppMessageTemplate: (_q, b) => {
      requireWaba(b.id);
      requireString(b.metaTemplateId, 'metaTemplateId');
      templates.update(b);
      return {};
    },
    ListWhatsAppMessageTemplates: (q) => {
      requireWaba(q.get('id'));
      const p = page(templates.all(), q.get('nextToken'), q.get('maxResults') ?? undefined);
      return {
        templates: p.items.map((t) => ({
          templateName: t.name,
          metaTemplateId: t.metaTemplateId,
          templateStatus: t.status,
          templateQualityScore: t.qualityScore,
          templateLanguage: t.language,
          templateCategory: t.category,
        })),
        ...(p.nextToken ? { nextToken: p.nextToken } : {}),
      };
    },
    GetWhatsAppMessageTemplate: (q) => {
      requireWaba(q.get('id'));
      const metaId = q.get('metaTemplateId');
      const name = q.get('templateName');
      let t: SandboxTemplate | undefined;
      if (metaId) t = templates.byId(metaId);
      else if (name) t = templates.all().find((x) => x.name === name && (!q.get('templateLanguageCode') || x.language === q.get('templateLanguageCode')));
      else throw validation('metaTemplateId: required (or templateName)');
      if (!t) throw notFound(`Template ${name} not found`);
      return { template: templates.metaJson(t) };
    },
    DeleteWhatsAppMessageTemplate: (q) => {
      requireWaba(q.get('id'));
      templates.delete(requireString(q.get('templateName'), 'templateName'), q.get('metaTemplateId') ?? undefined, q.get('deleteAllTemplates') === 'true');
      return {};
    },
    ListWhatsAppTemplateLibrary: (q, b) => {
      requireWaba(q.get('id'));
      const filters = (b.filters ?? {}) as Record<string, string>;
      const p = page(templates.library(filters), b.nextToken as string | undefined, b.maxResults);
      return { metaLibraryTemplates: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
    },
    CreateWhatsAppMessageTemplateFromLibrary: (_q, b) => {
      requireWaba(b.id);
      const t = templates.createFromLibrary(b.metaLibraryTemplate);
      return { metaTemplateId: t.metaTemplateId, templateStatus: t.status, category: t.category };
    },
    SendWhatsAppMessage: (_q, b) => {
      const origin = requireString(b.originationPhoneNumberId, 'originationPhoneNumberId');
      const metaApiVersion = requireString(b.metaApiVersion, 'metaApiVersion');
      if (!matchesPhone(account, origin)) throw notFound(`Phone number ${origin} not found`);
      const s = desk.send({ originationPhoneNumberId: origin, metaApiVersion, message: decodeBlob(b.message, 'message') });
      return { messageId: s.messageId };
    },
    GetLinkedWhatsAppBusinessAccountPhoneNumber: (q) => {
      const id = requireString(q.get('id'), 'id');
      if (!matchesPhone(account, id)) throw notFound(`Phone number ${id} not found`);
      return { phoneNumber: phoneSummary(), linkedWhatsAppBusinessAccountId: account.wabaId };
    },
    ListLinkedWhatsAppBusinessAccounts: (q) => {
      const p = page([accountSummary()], q.get('nextToken'), q.get('maxResults') ?? undefined);
      return { linkedAccounts: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
    },
    GetLinkedWhatsAppBusinessAccount: (q) => {
      requireWaba(q.get('id'));
      return { account: { ...accountSummary(), phoneNumbers: [phoneSummary()] } };
    },
    CreateWhatsAppFlow: (_q, b) => {
      requireWaba(b.id);
      return flows.create(b);
    },
    UpdateWhatsAppFlow: (_q, b) => {
      requireWaba(b.id);
      flows.update(b);
      return {};
    },
    UpdateWhatsAppFlowAssets: (_q, b) => {
      requireWaba(b.id);
      return flows.updateAssets(requireString(b.flowId, 'flowId'), b.flowJson);
    },
    PublishWhatsAppFlow: (_q, b) => {
      requireWaba(b.id);
      flows.publish(requireString(b.flowId, 'flowId'));
      return {};
    },
    GetWhatsAppFlow: (q) => {
      requireWaba(q.get('id'));
      return flows.details(requireString(q.get('flowId'), 'flowId'));
    },
    GetWhatsAppFlowPreview: (q) => {
      requireWaba(q.get('id'));
      const flowId = requireString(q.get('flowId'), 'flowId');
      return { flowId, preview: flows.preview(flowId, q.get('invalidate') === 'true') };
    },
    ListWhatsAppFlows: (q) => {
      requireWaba(q.get('id'));
      const p = page(flows.all(), q.get('nextToken'), q.get('maxResults') ?? undefined);
      return { flows: p.items.map((f) => flows.summary(f)), ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
    },
    ListWhatsAppFlowAssets: (q) => {
      requireWaba(q.get('id'));
      const p = page(flows.assets(requireString(q.get('flowId'), 'flowId')), q.get('nextToken'), q.get('maxResults') ?? undefined);
      return { flowAssets: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
    },
    DeprecateWhatsAppFlow: (_q, b) => {
      requireWaba(b.id);
      flows.deprecate(requireString(b.flowId, 'flowId'));
      return {};
    },
    DeleteWhatsAppFlow: (q) => {
      requireWaba(q.get('id'));
      flows.delete(requireString(q.get('flowId'), 'flowId'));
      return {};
    },
  };

  const handle = async (req: SandboxRequest): Promise<SandboxResponse> => {
    // Flow asset downloads (the downloadUrl ListWhatsAppFlowAssets hands out).
    const asset = /^\/_sandbox\/flows\/([^/]+)\/flow\.json$/.exec(req.path);
    if (req.method === 'GET' && asset) {
      const json = flows.json(asset[1]!);
      return json === undefined ? { status: 404, body: { message: 'not found' } } : { status: 200, raw: json };
    }
    const operation = ROUTES[`${req.method} ${req.path.replace(/\/+$/, '')}`];
    if (!operation) return errorResponse(new EumError('ValidationException', `No operation at ${req.method} ${req.path}`));
    try {
      if (fault && (!fault.operation || fault.operation === operation) && random() < (fault.rate ?? 1)) {
        const f = fault;
        if (f.times !== undefined && --f.times <= 0) fault = undefined;
        throw new EumError(f.error, f.message ?? `Injected ${f.error} for ${operation}`);
      }
      let body: Record<string, unknown> = {};
      if (req.rawBody) {
        try {
          body = JSON.parse(req.rawBody) as Record<string, unknown>;
        } catch {
          throw validation('Request body is not valid JSON');
        }
      }
      validateIds(operation, req.query, body);
      const denied = opts.authorize?.(operation, req, body);
      if (denied) throw new EumError('AccessDeniedException', denied);
      return { status: 200, body: await operations[operation]!(req.query, body) };
    } catch (err) {
      if (err instanceof EumError) return errorResponse(err);
      throw err;
    }
  };

  const server = await listen(handle, (err) => {
    log(`eum sandbox crashed on a request: ${String(err)}`);
    return errorResponse(new EumError('InternalServiceException', String(err)));
  });
  endpoint = server.url;

  let closed = false;
  return {
    endpoint,
    get phoneNumber() {
      const p = account.phone;
      return {
        id: p.id,
        arn: p.arn,
        metaPhoneNumberId: p.metaPhoneNumberId,
        phoneNumber: p.phoneNumber,
        displayPhoneNumber: p.displayPhoneNumber,
        webhookDisplayPhoneNumber: p.webhookDisplayPhoneNumber,
        qualityRating: p.qualityRating,
        messagingLimit: p.messagingLimit,
        wabaId: account.wabaId,
        wabaArn: account.wabaArn,
        metaWabaId: account.metaWabaId,
      };
    },
    setReviewPlan: (plan, templateName) => templates.setReviewPlan(plan, templateName),
    templates: () => templates.all(),
    createExternalTemplate: (def, status) => templates.createExternal(def, status),
    setTemplateStatus: (name, status, o) => templates.setStatus(name, status, o),
    triggerTemplateQuality: ({ templateName, rating }) => templates.setQuality(templateName, rating),
    sentMessages: () => desk.sent.map((s) => ({ ...s, statuses: [...s.statuses] })),
    setDeliveryPlan: (plan, to) => desk.setDeliveryPlan(plan, to),
    triggerPhoneQuality: ({ event, currentLimit, rating }) => {
      const p = account.phone;
      const oldLimit = p.messagingLimit;
      if (currentLimit) p.messagingLimit = currentLimit;
      p.qualityRating = rating ?? ({ FLAGGED: 'RED', UNFLAGGED: 'GREEN', DOWNGRADE: 'RED' } as Record<string, string>)[event] ?? p.qualityRating;
      webhooks.schedule(0, () =>
        webhooks.wabaEntry('phone_number_quality_update', {
          display_phone_number: p.webhookDisplayPhoneNumber,
          event,
          current_limit: p.messagingLimit,
          ...(oldLimit !== p.messagingLimit ? { old_limit: oldLimit } : {}),
        }),
      );
    },
    deliverEntry: async (entry) => {
      // Inbound messages open the customer-service window of their sender.
      for (const change of (entry as MetaEntry).changes ?? []) {
        const messages = (change.value as { messages?: { from?: string; from_user_id?: string }[] } | undefined)?.messages ?? [];
        for (const m of messages) {
          if (m.from) desk.noteInbound(m.from);
          if (m.from_user_id) desk.noteInbound(m.from_user_id);
        }
      }
      await webhooks.deliverNow(entry as MetaEntry);
    },
    noteInbound: (waId) => desk.noteInbound(waId),
    receiveMedia: (bytes, mimeType) => media.receive(bytes, mimeType),
    headerHandles: () => [...media.headerHandles.keys()],
    flows: () => flows.all(),
    setFault: (f) => void (fault = f ? { ...f } : undefined),
    deliveries: () => [...webhooks.log],
    pending: () => scheduler.pending(),
    close: async () => {
      if (closed) return;
      closed = true;
      scheduler.close();
      await server.close();
    },
  };
}
