import type { FieldIssue } from '../shared/zod-errors.js';
import { TEMPLATE_CATEGORIES } from './model.js';

/**
 * Meta's documented rules for creating a template through the Cloud API (Business Management API,
 * "Message templates": components, limits, variables, authentication / carousel / limited-time-offer /
 * multi-product templates), checked before Meta sees the template so the answer is immediate and
 * names the field. EUM passes the JSON through unchanged, so what passes here is what Meta receives.
 */
export interface TemplateDefinition {
  name: string;
  language: string;
  category: string;
  components: Component[];
  parameter_format?: 'POSITIONAL' | 'NAMED';
}
type Component = Record<string, any> & { type: string };

export type TemplateKind = 'standard' | 'authentication' | 'carousel' | 'limited_time_offer' | 'multi_product' | 'catalog';

export interface TemplateCheck {
  kind: TemplateKind;
  issues: FieldIssue[];
}

export const LIMITS = {
  name: 512,
  headerText: 60,
  bodyText: 1024,
  footerText: 60,
  buttons: 10,
  urlButtons: 2,
  phoneButtons: 1,
  copyCodeButtons: 1,
  buttonText: 25,
  phoneNumber: 20,
  urlLength: 2000,
  carouselCards: { min: 2, max: 10 },
  carouselCardBody: 160,
  carouselCardButtons: 2,
  ltoText: 16,
  ltoBody: 600,
  codeExpirationMinutes: { min: 1, max: 90 },
} as const;

const NAME = /^[a-z0-9_]+$/;
/** Meta's language codes: `en`, `en_US`, `zh_CN`, `sr_Latn`… */
const LANGUAGE = /^[a-z]{2,3}(_[A-Z]{2}|_[A-Z][a-z]{3})?$/;
const HEADER_FORMATS = ['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION', 'PRODUCT'];
const BUTTON_TYPES = ['QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'COPY_CODE', 'OTP', 'FLOW', 'CATALOG', 'MPM', 'SPM', 'VOICE_CALL'];
const KNOWN_COMPONENTS = ['HEADER', 'BODY', 'FOOTER', 'BUTTONS', 'CAROUSEL', 'LIMITED_TIME_OFFER'];

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
const upper = (v: unknown) => (typeof v === 'string' ? v.toUpperCase() : '');

/** Positional `{{1}}` or named `{{order_id}}` variables, in order of appearance. */
export function variablesIn(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1]!);
}

export function checkTemplate(input: unknown): TemplateCheck {
  const issues: FieldIssue[] = [];
  const add = (field: string, rule: string) => issues.push({ field, rule });
  if (!isObject(input)) return { kind: 'standard', issues: [{ field: '(root)', rule: 'a template is an object with name, language, category and components' }] };

  const name = input.name;
  if (typeof name !== 'string' || name.length === 0) add('name', 'required');
  else {
    if (!NAME.test(name)) add('name', 'lowercase letters, digits and underscores only');
    if (name.length > LIMITS.name) add('name', `at most ${LIMITS.name} characters`);
  }
  if (typeof input.language !== 'string' || !LANGUAGE.test(input.language)) add('language', 'a Meta language code such as en, en_US or pt_BR');
  const category = upper(input.category);
  if (!(TEMPLATE_CATEGORIES as readonly string[]).includes(category)) add('category', `one of ${TEMPLATE_CATEGORIES.join(', ')}`);
  const format = input.parameter_format === undefined ? 'POSITIONAL' : upper(input.parameter_format);
  if (format !== 'POSITIONAL' && format !== 'NAMED') add('parameter_format', 'POSITIONAL or NAMED');

  const components = input.components;
  if (!Array.isArray(components) || components.length === 0) {
    add('components', 'a non-empty list of components (BODY is required)');
    return { kind: 'standard', issues };
  }
  const byType = new Map<string, { c: Component; i: number }>();
  components.forEach((c, i) => {
    const at = `components[${i}]`;
    if (!isObject(c) || typeof c.type !== 'string') return add(`${at}.type`, `one of ${KNOWN_COMPONENTS.join(', ')}`);
    const type = upper(c.type);
    if (!KNOWN_COMPONENTS.includes(type)) return add(`${at}.type`, `one of ${KNOWN_COMPONENTS.join(', ')}`);
    if (byType.has(type)) return add(`${at}.type`, `at most one ${type} component`);
    byType.set(type, { c: c as Component, i });
  });
  if (!byType.has('BODY')) add('components', 'a BODY component is required');

  const kind = kindOf(byType, category);
  const ctx = { add, format };
  if (kind === 'authentication') checkAuthentication(byType, ctx);
  else {
    const header = byType.get('HEADER');
    if (header) checkHeader(header.c, `components[${header.i}]`, ctx, kind);
    const body = byType.get('BODY');
    if (body) checkBodyText(body.c, `components[${body.i}]`, kind === 'limited_time_offer' ? LIMITS.ltoBody : LIMITS.bodyText, ctx);
    const footer = byType.get('FOOTER');
    if (footer) checkFooter(footer.c, `components[${footer.i}]`, ctx, kind);
    const buttons = byType.get('BUTTONS');
    if (buttons) checkButtons(buttons.c.buttons, `components[${buttons.i}].buttons`, ctx);
    if (kind === 'carousel') checkCarousel(byType.get('CAROUSEL')!, ctx, category);
    if (kind === 'limited_time_offer') checkLimitedTimeOffer(byType, ctx, category);
    if (kind === 'multi_product') checkMultiProduct(byType, ctx, category);
  }
  return { kind, issues };
}

function kindOf(byType: Map<string, { c: Component }>, category: string): TemplateKind {
  if (category === 'AUTHENTICATION') return 'authentication';
  if (byType.has('CAROUSEL')) return 'carousel';
  if (byType.has('LIMITED_TIME_OFFER')) return 'limited_time_offer';
  const buttons: unknown[] = Array.isArray(byType.get('BUTTONS')?.c.buttons) ? byType.get('BUTTONS')!.c.buttons : [];
  if (buttons.some((b) => isObject(b) && upper(b.type) === 'MPM')) return 'multi_product';
  if (buttons.some((b) => isObject(b) && upper(b.type) === 'CATALOG')) return 'catalog';
  return 'standard';
}

interface Ctx {
  add: (field: string, rule: string) => void;
  format: string;
}

/** Variables: positional ones are {{1}}…{{n}} in order; each needs an example value. */
function checkVariables(text: string, field: string, examples: unknown, ctx: Ctx, opts: { max?: number; edgesAllowed?: boolean } = {}): void {
  const vars = variablesIn(text);
  if (!vars.length) return;
  if (opts.max !== undefined && vars.length > opts.max) ctx.add(`${field}.text`, `at most ${opts.max} variable(s)`);
  if (ctx.format === 'POSITIONAL') {
    const numbers = vars.map(Number);
    if (numbers.some((n) => !Number.isInteger(n))) ctx.add(`${field}.text`, 'positional variables are numbers: {{1}}, {{2}}… (or set parameter_format NAMED)');
    else if (numbers.some((n, i) => n !== i + 1))
      ctx.add(`${field}.text`, `variables must be {{1}}…{{${numbers.length}}} in order, without gaps or repeats (found ${vars.map((v) => `{{${v}}}`).join(', ')})`);
  } else if (vars.some((v) => !/^[a-z][a-z0-9_]*$/.test(v))) ctx.add(`${field}.text`, 'named variables are lowercase letters, digits and underscores, starting with a letter');
  if (!opts.edgesAllowed) {
    const trimmed = text.trim();
    if (/^\{\{[^}]+\}\}/.test(trimmed) || /\{\{[^}]+\}\}[.!?]?$/.test(trimmed)) ctx.add(`${field}.text`, 'a variable cannot be at the start or the end of the text');
  }
  if (/\}\}\s*\{\{/.test(text)) ctx.add(`${field}.text`, 'two variables cannot be next to each other');
  const count = new Set(vars).size;
  const samples = exampleValues(examples, ctx.format);
  if (!samples) ctx.add(`${field}.example`, `required: one example value per variable (${count})`);
  else if (samples.length !== count) ctx.add(`${field}.example`, `${count} variable(s) need ${count} example value(s), got ${samples.length}`);
}

function exampleValues(example: unknown, format: string): unknown[] | undefined {
  if (!isObject(example)) return undefined;
  if (format === 'NAMED') {
    const named = example.body_text_named_params ?? example.header_text_named_params;
    return Array.isArray(named) ? named : undefined;
  }
  if (Array.isArray(example.body_text)) return Array.isArray(example.body_text[0]) ? example.body_text[0] : example.body_text;
  if (Array.isArray(example.header_text)) return example.header_text;
  return undefined;
}

function checkHeader(c: Component, at: string, ctx: Ctx, kind: TemplateKind): void {
  const format = upper(c.format);
  if (!HEADER_FORMATS.includes(format)) return ctx.add(`${at}.format`, `one of ${HEADER_FORMATS.join(', ')}`);
  if (format === 'TEXT') {
    if (typeof c.text !== 'string' || !c.text) return ctx.add(`${at}.text`, 'required for a TEXT header');
    if (c.text.length > LIMITS.headerText) ctx.add(`${at}.text`, `at most ${LIMITS.headerText} characters`);
    checkVariables(c.text, at, c.example, ctx, { max: 1, edgesAllowed: true });
  } else if (['IMAGE', 'VIDEO', 'DOCUMENT'].includes(format)) {
    const handle = isObject(c.example) ? c.example.header_handle : undefined;
    if (!Array.isArray(handle) || !handle.length) ctx.add(`${at}.example.header_handle`, `required for a ${format} header: a media handle from CreateWhatsAppMessageTemplateMedia`);
  }
  if (kind === 'limited_time_offer' && !['IMAGE', 'VIDEO'].includes(format)) ctx.add(`${at}.format`, 'a limited-time offer header is IMAGE or VIDEO');
  if (kind === 'multi_product' && format !== 'TEXT') ctx.add(`${at}.format`, 'a multi-product template header is TEXT');
}

function checkBodyText(c: Component, at: string, max: number, ctx: Ctx): void {
  if (typeof c.text !== 'string' || !c.text.trim()) return ctx.add(`${at}.text`, 'required');
  if (c.text.length > max) ctx.add(`${at}.text`, `at most ${max} characters`);
  if (/\n{5,}/.test(c.text)) ctx.add(`${at}.text`, 'at most 4 consecutive line breaks');
  checkVariables(c.text, at, c.example, ctx);
}

function checkFooter(c: Component, at: string, ctx: Ctx, kind: TemplateKind): void {
  if (kind === 'limited_time_offer') return ctx.add(at, 'a limited-time offer template has no FOOTER');
  if (typeof c.text !== 'string' || !c.text) return ctx.add(`${at}.text`, 'required');
  if (c.text.length > LIMITS.footerText) ctx.add(`${at}.text`, `at most ${LIMITS.footerText} characters`);
  if (variablesIn(c.text).length) ctx.add(`${at}.text`, 'a footer cannot have variables');
}

function checkButtons(buttons: unknown, at: string, ctx: Ctx, limits: { max?: number; types?: string[] } = {}): string[] {
  if (!Array.isArray(buttons) || buttons.length === 0) {
    ctx.add(at, 'a BUTTONS component lists at least one button');
    return [];
  }
  const max = limits.max ?? LIMITS.buttons;
  if (buttons.length > max) ctx.add(at, `at most ${max} buttons`);
  const types = buttons.map((b) => (isObject(b) ? upper(b.type) : ''));
  const count = (t: string) => types.filter((x) => x === t).length;
  if (count('URL') > LIMITS.urlButtons) ctx.add(at, `at most ${LIMITS.urlButtons} URL buttons`);
  if (count('PHONE_NUMBER') > LIMITS.phoneButtons) ctx.add(at, `at most ${LIMITS.phoneButtons} PHONE_NUMBER button`);
  if (count('COPY_CODE') > LIMITS.copyCodeButtons) ctx.add(at, `at most ${LIMITS.copyCodeButtons} COPY_CODE button`);
  buttons.forEach((b, i) => {
    const bt = `${at}[${i}]`;
    const type = types[i]!;
    if (!BUTTON_TYPES.includes(type) || (limits.types && !limits.types.includes(type))) return ctx.add(`${bt}.type`, `one of ${(limits.types ?? BUTTON_TYPES).join(', ')}`);
    if (!isObject(b)) return;
    if (!['COPY_CODE', 'OTP', 'MPM', 'CATALOG'].includes(type) || b.text !== undefined) {
      if (typeof b.text !== 'string' || !b.text) ctx.add(`${bt}.text`, 'required');
      else if (b.text.length > LIMITS.buttonText) ctx.add(`${bt}.text`, `at most ${LIMITS.buttonText} characters`);
    }
    if (type === 'URL') {
      if (typeof b.url !== 'string' || !/^https?:\/\//.test(b.url)) ctx.add(`${bt}.url`, 'an http(s) URL');
      else {
        if (b.url.length > LIMITS.urlLength) ctx.add(`${bt}.url`, `at most ${LIMITS.urlLength} characters`);
        const vars = variablesIn(b.url);
        if (vars.length > 1 || (vars.length === 1 && !/\{\{\s*1\s*\}\}$/.test(b.url))) ctx.add(`${bt}.url`, 'at most one variable, {{1}}, at the end of the URL');
        if (vars.length && !(Array.isArray(b.example) && b.example.length)) ctx.add(`${bt}.example`, 'required: an example URL for the variable');
      }
    }
    if (type === 'PHONE_NUMBER' && (typeof b.phone_number !== 'string' || b.phone_number.length > LIMITS.phoneNumber || !/^\+?\d{6,}$/.test(b.phone_number)))
      ctx.add(`${bt}.phone_number`, `an international phone number, at most ${LIMITS.phoneNumber} characters`);
    if (type === 'COPY_CODE' && (typeof b.example !== 'string' || !b.example)) ctx.add(`${bt}.example`, 'required: an example code');
    if (type === 'FLOW' && !b.flow_id && !b.flow_name && !b.flow_json) ctx.add(`${bt}.flow_id`, 'required: flow_id, flow_name or flow_json');
  });
  return types;
}

/** Authentication templates have a fixed shape: Meta writes the text; you choose options. */
function checkAuthentication(byType: Map<string, { c: Component; i: number }>, ctx: Ctx): void {
  for (const t of ['HEADER', 'CAROUSEL', 'LIMITED_TIME_OFFER']) {
    const hit = byType.get(t);
    if (hit) ctx.add(`components[${hit.i}]`, `an AUTHENTICATION template has no ${t}`);
  }
  const body = byType.get('BODY');
  if (body) {
    if (body.c.text !== undefined)
      ctx.add(`components[${body.i}].text`, 'an AUTHENTICATION body has no text: Meta supplies "<code> is your verification code"; use add_security_recommendation');
    if (body.c.add_security_recommendation !== undefined && typeof body.c.add_security_recommendation !== 'boolean')
      ctx.add(`components[${body.i}].add_security_recommendation`, 'true or false');
  }
  const footer = byType.get('FOOTER');
  if (footer) {
    const m = footer.c.code_expiration_minutes;
    if (footer.c.text !== undefined) ctx.add(`components[${footer.i}].text`, 'an AUTHENTICATION footer has no text; set code_expiration_minutes');
    if (m !== undefined && (!Number.isInteger(m) || m < LIMITS.codeExpirationMinutes.min || m > LIMITS.codeExpirationMinutes.max))
      ctx.add(`components[${footer.i}].code_expiration_minutes`, `a whole number of minutes from ${LIMITS.codeExpirationMinutes.min} to ${LIMITS.codeExpirationMinutes.max}`);
  }
  const buttons = byType.get('BUTTONS');
  const list: unknown[] = Array.isArray(buttons?.c.buttons) ? buttons!.c.buttons : [];
  const at = buttons ? `components[${buttons.i}].buttons` : 'components';
  if (list.length !== 1 || !isObject(list[0]) || upper(list[0].type) !== 'OTP') return ctx.add(at, 'exactly one OTP button');
  const otp = list[0];
  const otpType = upper(otp.otp_type);
  if (!['COPY_CODE', 'ONE_TAP', 'ZERO_TAP'].includes(otpType)) ctx.add(`${at}[0].otp_type`, 'one of COPY_CODE, ONE_TAP, ZERO_TAP');
  if (otpType !== 'COPY_CODE') {
    const apps = otp.supported_apps;
    if (!Array.isArray(apps) || !apps.length || apps.some((a) => !isObject(a) || !a.package_name || !a.signature_hash))
      ctx.add(`${at}[0].supported_apps`, `${otpType} needs supported_apps with package_name and signature_hash (Android)`);
  }
  if (otpType === 'ZERO_TAP' && otp.zero_tap_terms_accepted !== true) ctx.add(`${at}[0].zero_tap_terms_accepted`, 'must be true for ZERO_TAP');
}

/** Media card carousel (or product card carousel): 2–10 cards of the same shape. MARKETING only. */
function checkCarousel(carousel: { c: Component; i: number }, ctx: Ctx, category: string): void {
  const at = `components[${carousel.i}]`;
  if (category !== 'MARKETING') ctx.add('category', 'a carousel template is MARKETING');
  const cards = carousel.c.cards;
  if (!Array.isArray(cards) || cards.length < LIMITS.carouselCards.min || cards.length > LIMITS.carouselCards.max)
    return ctx.add(`${at}.cards`, `from ${LIMITS.carouselCards.min} to ${LIMITS.carouselCards.max} cards`);
  const shapes: string[] = [];
  cards.forEach((card, k) => {
    const ct = `${at}.cards[${k}]`;
    const comps: unknown[] = isObject(card) && Array.isArray(card.components) ? card.components : [];
    const find = (t: string) => comps.findIndex((c) => isObject(c) && upper(c.type) === t);
    const h = find('HEADER');
    const headerFormat = h >= 0 ? upper((comps[h] as Component).format) : '';
    if (!['IMAGE', 'VIDEO', 'PRODUCT'].includes(headerFormat)) ctx.add(`${ct}.components`, 'each card has a HEADER of format IMAGE, VIDEO or PRODUCT');
    else if (headerFormat !== 'PRODUCT' && !(isObject((comps[h] as Component).example) && Array.isArray((comps[h] as Component).example.header_handle)))
      ctx.add(`${ct}.components[${h}].example.header_handle`, 'required: a media handle');
    const b = find('BODY');
    if (b >= 0) checkBodyText(comps[b] as Component, `${ct}.components[${b}]`, LIMITS.carouselCardBody, ctx);
    const bt = find('BUTTONS');
    const types =
      bt >= 0
        ? checkButtons((comps[bt] as Component).buttons, `${ct}.components[${bt}].buttons`, ctx, {
            max: LIMITS.carouselCardButtons,
            types: ['QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'SPM'],
          })
        : [];
    if (bt < 0) ctx.add(`${ct}.components`, `each card has 1 or ${LIMITS.carouselCardButtons} buttons`);
    shapes.push(`${headerFormat}|${types.join(',')}`);
  });
  if (new Set(shapes).size > 1) ctx.add(`${at}.cards`, 'every card has the same header format and the same buttons (count and types, in order)');
}

/** Limited-time offer: MARKETING, offer text ≤ 16, no footer; COPY_CODE first then URL when it expires. */
function checkLimitedTimeOffer(byType: Map<string, { c: Component; i: number }>, ctx: Ctx, category: string): void {
  const lto = byType.get('LIMITED_TIME_OFFER')!;
  const at = `components[${lto.i}]`;
  if (category !== 'MARKETING') ctx.add('category', 'a limited-time offer template is MARKETING');
  const offer = isObject(lto.c.limited_time_offer) ? lto.c.limited_time_offer : undefined;
  if (!offer || typeof offer.text !== 'string' || !offer.text) ctx.add(`${at}.limited_time_offer.text`, 'required');
  else if (offer.text.length > LIMITS.ltoText) ctx.add(`${at}.limited_time_offer.text`, `at most ${LIMITS.ltoText} characters`);
  const buttons = byType.get('BUTTONS');
  const types: string[] = Array.isArray(buttons?.c.buttons) ? buttons!.c.buttons.map((b: unknown) => (isObject(b) ? upper(b.type) : '')) : [];
  if (!types.includes('URL')) ctx.add(buttons ? `components[${buttons.i}].buttons` : 'components', 'a limited-time offer has a URL button');
  if (offer?.has_expiration === true && types[0] !== 'COPY_CODE')
    ctx.add(buttons ? `components[${buttons.i}].buttons[0]` : 'components', 'an expiring offer starts with a COPY_CODE button');
}

/** Multi-product message template: MARKETING, TEXT header, one MPM button. */
function checkMultiProduct(byType: Map<string, { c: Component; i: number }>, ctx: Ctx, category: string): void {
  if (category !== 'MARKETING') ctx.add('category', 'a multi-product template is MARKETING');
  if (!byType.has('HEADER')) ctx.add('components', 'a multi-product template has a TEXT HEADER');
  const buttons = byType.get('BUTTONS')!;
  const list: unknown[] = buttons.c.buttons;
  if (list.length !== 1) ctx.add(`components[${buttons.i}].buttons`, 'a multi-product template has exactly one button, of type MPM');
}
