import type { IdFactory } from '../shared/scheduler.js';
import type { SandboxAccount } from './account.js';
import { notFound, validation } from './errors.js';
import { filterLibrary, TEMPLATE_LIBRARY, type LibraryTemplate } from './library.js';
import type { EumWebhooks } from './webhooks.js';

export type TemplateStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'PAUSED' | 'DISABLED';
export type TemplateCategory = 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';

export interface SandboxTemplate {
  metaTemplateId: string;
  name: string;
  language: string;
  category: TemplateCategory;
  status: TemplateStatus;
  parameterFormat: 'POSITIONAL' | 'NAMED';
  components: unknown[];
  rejectedReason?: string;
  qualityScore: 'UNKNOWN' | 'GREEN' | 'YELLOW' | 'RED';
  source: 'api' | 'library' | 'external';
  libraryTemplateName?: string;
  /** Incremented by every (re)submission to review. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface ReviewPlan {
  /** SILENT: stays PENDING, no webhook. NO_WEBHOOK: the status changes (to `status`, default APPROVED) but no webhook is sent. */
  outcome: 'APPROVED' | 'REJECTED' | 'SILENT' | 'NO_WEBHOOK';
  /** Unscaled milliseconds (multiplied by timeScale). Default 200. */
  delayMs?: number;
  /** Meta's rejection reason (REJECTED; NO_WEBHOOK with status REJECTED). Default INVALID_FORMAT. */
  reason?: string;
  /** Final status for NO_WEBHOOK. */
  status?: 'APPROVED' | 'REJECTED';
  /** Meta re-categorizes the template on approval (e.g. UTILITY → MARKETING): `template_category_update` webhook first. */
  category?: TemplateCategory;
}

const CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'];
const NAME = /^[a-z0-9_]{1,512}$/;
const LANGUAGE = /^[a-z]{2,3}(_[A-Z]{2}|_[A-Za-z]{4})?$/;
const COMPONENT_TYPES = ['HEADER', 'BODY', 'FOOTER', 'BUTTONS', 'CAROUSEL', 'LIMITED_TIME_OFFER'];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function decodeBlob(value: unknown, field: string): unknown {
  if (typeof value !== 'string' || value === '') throw validation(`${field}: required`);
  const text = Buffer.from(value, 'base64').toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw validation(`${field}: is not valid JSON`);
  }
}

/** The checks Meta applies synchronously on template creation (the rest is "review"). */
function checkComponents(components: unknown, field: string): unknown[] {
  if (!Array.isArray(components) || components.length === 0) throw validation(`${field}: must be a non-empty array`);
  components.forEach((c, i) => {
    if (!isObject(c) || typeof c.type !== 'string' || !COMPONENT_TYPES.includes(c.type.toUpperCase()))
      throw validation(`${field}[${i}].type: must be one of ${COMPONENT_TYPES.join(', ')}`);
    if (c.type.toUpperCase() === 'BODY' && typeof c.text !== 'string' && c.add_security_recommendation === undefined) throw validation(`${field}[${i}].text: required for BODY`);
    if (typeof c.text === 'string' && c.type.toUpperCase() === 'BODY' && c.text.length > 1024) throw validation(`${field}[${i}].text: BODY is limited to 1024 characters`);
    // Meta refuses variables without sample values at creation time.
    const kind = c.type.toUpperCase();
    if ((kind === 'BODY' || kind === 'HEADER') && typeof c.text === 'string' && /\{\{\s*\w+\s*\}\}/.test(c.text)) {
      const example = isObject(c.example) ? c.example : undefined;
      const samples = kind === 'BODY' ? (example?.body_text ?? example?.body_text_named_params) : (example?.header_text ?? example?.header_text_named_params);
      if (!samples) throw validation(`(#100) Invalid parameter: ${field}[${i}] of type ${kind} is missing expected field(s) (example)`);
    }
  });
  if (!components.some((c) => isObject(c) && String(c.type).toUpperCase() === 'BODY')) throw validation(`${field}: a BODY component is required`);
  return components;
}

function checkDefinition(def: unknown): { name: string; language: string; category: TemplateCategory; components: unknown[]; parameterFormat: 'POSITIONAL' | 'NAMED' } {
  if (!isObject(def)) throw validation('templateDefinition: must be a JSON object');
  if (typeof def.name !== 'string' || !NAME.test(def.name)) throw validation('templateDefinition.name: lowercase letters, digits and underscores, at most 512 characters');
  if (typeof def.language !== 'string' || !LANGUAGE.test(def.language)) throw validation('templateDefinition.language: a language code such as en_US');
  const category = typeof def.category === 'string' ? def.category.toUpperCase() : '';
  if (!CATEGORIES.includes(category)) throw validation(`templateDefinition.category: must be one of ${CATEGORIES.join(', ')}`);
  const parameterFormat = def.parameter_format === undefined ? 'POSITIONAL' : String(def.parameter_format).toUpperCase();
  if (parameterFormat !== 'POSITIONAL' && parameterFormat !== 'NAMED') throw validation('templateDefinition.parameter_format: POSITIONAL or NAMED');
  return {
    name: def.name,
    language: def.language,
    category: category as TemplateCategory,
    components: checkComponents(def.components, 'templateDefinition.components'),
    parameterFormat,
  };
}

function libraryComponents(lib: LibraryTemplate, buttonInputs: Record<string, unknown>[]): unknown[] {
  const components: unknown[] = [];
  if (lib.templateHeader) components.push({ type: 'HEADER', format: 'TEXT', text: lib.templateHeader });
  components.push({ type: 'BODY', text: lib.templateBody, example: { body_text: [lib.templateBodyExampleParams] } });
  if (lib.templateButtons.length) {
    components.push({
      type: 'BUTTONS',
      buttons: lib.templateButtons.map((b, i) => {
        const input = buttonInputs.find((x) => String(x.type).toUpperCase() === b.type) ?? buttonInputs[i];
        if (b.type === 'URL') {
          const url = isObject(input?.url) ? (input.url as Record<string, string>) : undefined;
          if (!url?.base_url) throw validation(`metaLibraryTemplate.libraryTemplateButtonInputs: the URL button "${b.text}" needs url.base_url`);
          return { type: 'URL', text: b.text, url: url.base_url, ...(url.url_suffix_example ? { example: [url.url_suffix_example] } : {}) };
        }
        if (b.type === 'PHONE_NUMBER') {
          const phone = typeof input?.phoneNumber === 'string' ? input.phoneNumber : b.phoneNumber;
          if (!phone) throw validation(`metaLibraryTemplate.libraryTemplateButtonInputs: the PHONE_NUMBER button "${b.text}" needs phoneNumber`);
          return { type: 'PHONE_NUMBER', text: b.text, phone_number: phone };
        }
        return { type: 'QUICK_REPLY', text: b.text };
      }),
    });
  }
  return components;
}

/** Templates of the linked WABA, with Meta's simulated review. */
export class TemplateStore {
  private readonly items: SandboxTemplate[] = [];
  private readonly reviews = new Map<string, () => void>();
  private defaultPlan: ReviewPlan = { outcome: 'APPROVED', delayMs: 200 };
  private readonly plans = new Map<string, ReviewPlan>();
  /** name:language → when deleted: Meta blocks new content under a deleted name+language for 4 weeks. */
  private readonly deleted = new Map<string, Date>();

  constructor(
    private readonly account: SandboxAccount,
    private readonly ids: IdFactory,
    private readonly webhooks: EumWebhooks,
    private readonly now: () => Date,
  ) {}

  all(): SandboxTemplate[] {
    return this.items.map((t) => ({ ...t, components: structuredClone(t.components) }));
  }

  find(name: string, language: string): SandboxTemplate | undefined {
    return this.items.find((t) => t.name === name && t.language === language);
  }

  byId(metaTemplateId: string): SandboxTemplate {
    const t = this.items.find((x) => x.metaTemplateId === metaTemplateId);
    if (!t) throw notFound(`Template ${metaTemplateId} not found`);
    return t;
  }

  setReviewPlan(plan: ReviewPlan, templateName?: string): void {
    if (templateName) this.plans.set(templateName, plan);
    else this.defaultPlan = plan;
  }

  /** CreateWhatsAppMessageTemplate: Meta's template JSON, PENDING until the review plan decides. */
  create(definition: unknown): SandboxTemplate {
    const d = checkDefinition(definition);
    return this.add({ ...d, source: 'api' }, 'PENDING');
  }

  createFromLibrary(input: unknown): SandboxTemplate {
    if (!isObject(input)) throw validation('metaLibraryTemplate: required');
    const { templateName, libraryTemplateName, templateCategory, templateLanguage } = input;
    if (typeof templateName !== 'string' || !NAME.test(templateName)) throw validation('metaLibraryTemplate.templateName: lowercase letters, digits and underscores');
    if (typeof libraryTemplateName !== 'string') throw validation('metaLibraryTemplate.libraryTemplateName: required');
    if (typeof templateLanguage !== 'string') throw validation('metaLibraryTemplate.templateLanguage: required');
    if (typeof templateCategory !== 'string' || !CATEGORIES.includes(templateCategory.toUpperCase())) throw validation('metaLibraryTemplate.templateCategory: required');
    const lib =
      TEMPLATE_LIBRARY.find((t) => t.templateName === libraryTemplateName && t.templateLanguage === templateLanguage) ??
      TEMPLATE_LIBRARY.find((t) => t.templateName === libraryTemplateName);
    if (!lib) throw validation(`metaLibraryTemplate.libraryTemplateName: "${libraryTemplateName}" is not in the template library`);
    if (lib.templateCategory !== templateCategory.toUpperCase())
      throw validation(`metaLibraryTemplate.templateCategory: library template "${libraryTemplateName}" is ${lib.templateCategory}`);
    const buttons = Array.isArray(input.libraryTemplateButtonInputs) ? (input.libraryTemplateButtonInputs as Record<string, unknown>[]) : [];
    const components = libraryComponents(lib, buttons);
    return this.add(
      { name: templateName, language: templateLanguage, category: lib.templateCategory, components, parameterFormat: 'POSITIONAL', source: 'library', libraryTemplateName },
      'PENDING',
    );
  }

  /** A template made "in Meta Business Manager": visible to List/Get, no review, no webhook. */
  createExternal(definition: unknown, status: TemplateStatus = 'APPROVED'): SandboxTemplate {
    const d = checkDefinition(definition);
    const t = this.add({ ...d, source: 'external' }, status, false);
    return { ...t };
  }

  private add(
    d: Omit<SandboxTemplate, 'metaTemplateId' | 'status' | 'qualityScore' | 'version' | 'createdAt' | 'updatedAt'>,
    status: TemplateStatus,
    review = true,
  ): SandboxTemplate {
    if (this.find(d.name, d.language)) throw validation(`(#2388024) Content in this language already exists: message template "${d.name}" already has content in ${d.language}`);
    const at = this.now();
    const deletedAt = this.deleted.get(`${d.name}:${d.language}`);
    if (deletedAt && at.getTime() - deletedAt.getTime() < 28 * 24 * 3600 * 1000)
      throw validation(
        `(#2388023) Message template "${d.name}" (${d.language}) is being deleted: new content can't be added under this name and language for 4 weeks; use a different template name`,
      );
    const t: SandboxTemplate = { ...d, metaTemplateId: this.ids.digits('meta-template', 16), status, qualityScore: 'UNKNOWN', version: 1, createdAt: at, updatedAt: at };
    this.items.push(t);
    if (review) this.startReview(t);
    return t;
  }

  /** UpdateWhatsAppMessageTemplate: the edit goes back to review. */
  update(input: Record<string, unknown>): void {
    const t = this.byId(String(input.metaTemplateId ?? ''));
    if (t.status === 'PENDING') throw validation(`(#2388025) Message template "${t.name}" is in review and cannot be edited`);
    if (t.status === 'DISABLED') throw validation(`Message template "${t.name}" is disabled and cannot be edited`);
    if (input.templateCategory !== undefined) {
      const c = String(input.templateCategory).toUpperCase();
      if (!CATEGORIES.includes(c)) throw validation(`templateCategory: must be one of ${CATEGORIES.join(', ')}`);
      if (t.status === 'APPROVED' && c !== t.category) throw validation('templateCategory: the category of an approved template cannot be changed');
      t.category = c as TemplateCategory;
    }
    if (input.templateComponents !== undefined) t.components = checkComponents(decodeBlob(input.templateComponents, 'templateComponents'), 'templateComponents');
    if (input.parameterFormat !== undefined) t.parameterFormat = String(input.parameterFormat).toUpperCase() === 'NAMED' ? 'NAMED' : 'POSITIONAL';
    t.status = 'PENDING';
    t.rejectedReason = undefined;
    t.version++;
    t.updatedAt = this.now();
    this.startReview(t);
  }

  /** DeleteWhatsAppMessageTemplate: by name (all languages), or one template by metaTemplateId. */
  delete(name: string, metaTemplateId?: string, allLanguages?: boolean): void {
    const hits = this.items.filter((t) => t.name === name && (allLanguages || !metaTemplateId || t.metaTemplateId === metaTemplateId));
    if (!hits.length) throw notFound(`Template ${name}${metaTemplateId ? ` (${metaTemplateId})` : ''} not found`);
    for (const t of hits) {
      this.reviews.get(t.metaTemplateId)?.();
      this.reviews.delete(t.metaTemplateId);
      this.items.splice(this.items.indexOf(t), 1);
      this.deleted.set(`${t.name}:${t.language}`, this.now());
    }
  }

  library(filters: Record<string, string>): LibraryTemplate[] {
    return filterLibrary(filters);
  }

  /** Meta's template object as GetWhatsAppMessageTemplate returns it (a JSON string). */
  metaJson(t: SandboxTemplate): string {
    return JSON.stringify({
      name: t.name,
      parameter_format: t.parameterFormat,
      components: t.components,
      language: t.language,
      status: t.status,
      category: t.category,
      ...(t.rejectedReason ? { rejected_reason: t.rejectedReason } : {}),
      ...(t.qualityScore !== 'UNKNOWN' ? { quality_score: { score: t.qualityScore } } : {}),
      id: t.metaTemplateId,
    });
  }

  /** Changes the status as Meta would later in a template's life (PAUSED, DISABLED…) and sends the webhook. */
  setStatus(name: string, status: TemplateStatus, opts: { reason?: string; language?: string; webhook?: boolean } = {}): SandboxTemplate {
    const t = this.items.find((x) => x.name === name && (!opts.language || x.language === opts.language));
    if (!t) throw new Error(`no template named ${name}`);
    t.status = status;
    if (status === 'REJECTED') t.rejectedReason = opts.reason ?? 'INVALID_FORMAT';
    t.updatedAt = this.now();
    if (opts.webhook !== false) this.statusWebhook(t, status, opts.reason ?? 'NONE');
    return { ...t };
  }

  /** Sends `message_template_quality_update` and records the new score. */
  setQuality(name: string, rating: 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN'): void {
    const t = this.items.find((x) => x.name === name);
    if (!t) throw new Error(`no template named ${name}`);
    const previous = t.qualityScore;
    t.qualityScore = rating;
    this.webhooks.schedule(
      0,
      () =>
        this.webhooks.wabaEntry('message_template_quality_update', {
          previous_quality_score: previous,
          new_quality_score: rating,
          message_template_id: Number(t.metaTemplateId),
          message_template_name: t.name,
          message_template_language: t.language,
        }),
      `template:${t.metaTemplateId}`,
    );
  }

  private startReview(t: SandboxTemplate): void {
    this.reviews.get(t.metaTemplateId)?.();
    const plan = this.plans.get(t.name) ?? this.defaultPlan;
    if (plan.outcome === 'SILENT') return void this.reviews.delete(t.metaTemplateId);
    const version = t.version;
    const cancel = this.webhooks.scheduler.after(plan.delayMs ?? 200, () => {
      this.reviews.delete(t.metaTemplateId);
      if (!this.items.includes(t) || t.version !== version || t.status !== 'PENDING') return;
      const status: TemplateStatus = plan.outcome === 'NO_WEBHOOK' ? (plan.status ?? 'APPROVED') : plan.outcome === 'REJECTED' ? 'REJECTED' : 'APPROVED';
      t.status = status;
      t.updatedAt = this.now();
      if (status === 'APPROVED' && plan.category && plan.category !== t.category) {
        const previous = t.category;
        t.category = plan.category;
        if (plan.outcome !== 'NO_WEBHOOK')
          this.webhooks.schedule(
            0,
            () =>
              this.webhooks.wabaEntry('template_category_update', {
                message_template_id: Number(t.metaTemplateId),
                message_template_name: t.name,
                message_template_language: t.language,
                previous_category: previous,
                new_category: plan.category,
              }),
            `template:${t.metaTemplateId}`,
          );
      }
      const reason = status === 'REJECTED' ? (plan.reason ?? 'INVALID_FORMAT') : 'NONE';
      if (status === 'REJECTED') t.rejectedReason = reason;
      if (plan.outcome !== 'NO_WEBHOOK') this.statusWebhook(t, status, reason);
    });
    this.reviews.set(t.metaTemplateId, cancel);
  }

  private statusWebhook(t: SandboxTemplate, event: string, reason: string): void {
    const value = {
      event,
      message_template_id: Number(t.metaTemplateId),
      message_template_name: t.name,
      message_template_language: t.language,
      reason,
      message_template_category: t.category,
      // Meta explains pauses in other_info (webhook reference, message_template_status_update).
      ...(event === 'PAUSED' ? { other_info: { title: 'FIRST_PAUSE', description: `Your ${t.name} template has been paused for 3 hours due to low quality.` } } : {}),
    };
    this.webhooks.schedule(0, () => this.webhooks.wabaEntry('message_template_status_update', value), `template:${t.metaTemplateId}`);
  }

  get accountId(): string {
    return this.account.wabaId;
  }
}
