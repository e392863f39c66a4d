import { useMemo, useState, type ReactNode } from 'react';
import { createTemplateInput, updateTemplateInput } from '../../../functions/actions/templates-input';
import { checkTemplate, LIMITS, variablesIn } from '../../../functions/domain/templates/validate';
import { fieldIssues, type FieldIssue } from '../../../functions/domain/shared/zod-errors';
import { href, navigate } from '../router';
import { ErrorBanner, Page } from '../ui';
import { callAction, useAction } from '../operator/action-call';
import { TemplatePreview } from './template-preview';
import { templateHref } from './templates';

/**
 * Create or edit a template. The checks run as you type and are the API's own: create_template's
 * zod schema and functions/domain/templates/validate.ts, bundled into the console. Each issue is
 * shown beside the field it names; the preview follows the form.
 */
type Comp = Record<string, any>;
const BUTTON_TYPES = ['QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'COPY_CODE'] as const;
const HEADER_FORMATS = ['', 'TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION'] as const;

interface ButtonState {
  type: string;
  text: string;
  url: string;
  urlExample: string;
  phone: string;
  code: string;
}
interface CardState {
  format: string;
  handle: string;
  body: string;
  examples: Record<string, string>;
  buttons: ButtonState[];
}
export interface FormState {
  name: string;
  language: string;
  category: string;
  parameterFormat: 'POSITIONAL' | 'NAMED';
  headerFormat: string;
  headerText: string;
  headerExample: string;
  headerHandle: string;
  body: string;
  bodyExamples: Record<string, string>;
  footer: string;
  buttons: ButtonState[];
  cards: CardState[];
  /** Components this form does not edit (limited-time offer, flow buttons…): sent unchanged. */
  extra: Comp[];
  /** AUTHENTICATION: Meta writes the text; the template chooses these options. */
  auth: AuthState;
}
interface AuthState {
  securityRecommendation: boolean;
  expiryMinutes: string;
  otpType: string;
  packageName: string;
  signatureHash: string;
}
const NEW_AUTH: AuthState = { securityRecommendation: true, expiryMinutes: '10', otpType: 'COPY_CODE', packageName: '', signatureHash: '' };

const NEW_BUTTON: ButtonState = { type: 'QUICK_REPLY', text: '', url: '', urlExample: '', phone: '', code: '' };
const newCard = (): CardState => ({ format: 'IMAGE', handle: '', body: '', examples: {}, buttons: [{ ...NEW_BUTTON }] });

export const EMPTY_FORM: FormState = {
  name: '',
  language: 'en_US',
  category: 'UTILITY',
  parameterFormat: 'POSITIONAL',
  headerFormat: '',
  headerText: '',
  headerExample: '',
  headerHandle: '',
  body: 'Hi {{1}}, your order {{2}} is ready for pickup.',
  bodyExamples: { '1': 'Asha', '2': 'A-1042' },
  footer: '',
  buttons: [],
  cards: [],
  extra: [],
  auth: NEW_AUTH,
};

const up = (v: unknown) => (typeof v === 'string' ? v.toUpperCase() : '');

function bodyExample(text: string, values: Record<string, string>, format: string): Comp | undefined {
  const vars = [...new Set(variablesIn(text))];
  if (!vars.length || vars.every((v) => !values[v])) return undefined;
  return format === 'NAMED' ? { body_text_named_params: vars.map((v) => ({ param_name: v, example: values[v] ?? '' })) } : { body_text: [vars.map((v) => values[v] ?? '')] };
}

function buttonOf(b: ButtonState): Comp {
  if (b.type === 'URL') return { type: 'URL', text: b.text, url: b.url, ...(variablesIn(b.url).length && b.urlExample ? { example: [b.urlExample] } : {}) };
  if (b.type === 'PHONE_NUMBER') return { type: 'PHONE_NUMBER', text: b.text, phone_number: b.phone };
  if (b.type === 'COPY_CODE') return { type: 'COPY_CODE', example: b.code };
  return { type: b.type, text: b.text };
}

/** The form as Meta's components, and which part of the form each component came from. */
export function toComponents(s: FormState): { components: Comp[]; sections: string[] } {
  const components: Comp[] = [];
  const sections: string[] = [];
  const push = (section: string, c: Comp) => {
    components.push(c);
    sections.push(section);
  };
  if (s.category === 'AUTHENTICATION') {
    const a = s.auth;
    push('body', { type: 'BODY', add_security_recommendation: a.securityRecommendation });
    if (a.expiryMinutes) push('footer', { type: 'FOOTER', code_expiration_minutes: Number(a.expiryMinutes) });
    push('buttons', {
      type: 'BUTTONS',
      buttons: [
        {
          type: 'OTP',
          otp_type: a.otpType,
          ...(a.otpType !== 'COPY_CODE' ? { supported_apps: [{ package_name: a.packageName, signature_hash: a.signatureHash }] } : {}),
          ...(a.otpType === 'ZERO_TAP' ? { zero_tap_terms_accepted: true } : {}),
        },
      ],
    });
    for (const c of s.extra) push('extra', c);
    return { components, sections };
  }
  if (s.headerFormat === 'TEXT')
    push('header', {
      type: 'HEADER',
      format: 'TEXT',
      text: s.headerText,
      ...(variablesIn(s.headerText).length && s.headerExample
        ? {
            example:
              s.parameterFormat === 'NAMED'
                ? { header_text_named_params: [{ param_name: variablesIn(s.headerText)[0], example: s.headerExample }] }
                : { header_text: [s.headerExample] },
          }
        : {}),
    });
  else if (s.headerFormat) push('header', { type: 'HEADER', format: s.headerFormat, ...(s.headerHandle ? { example: { header_handle: [s.headerHandle] } } : {}) });
  const example = bodyExample(s.body, s.bodyExamples, s.parameterFormat);
  push('body', { type: 'BODY', text: s.body, ...(example ? { example } : {}) });
  if (s.footer) push('footer', { type: 'FOOTER', text: s.footer });
  if (s.buttons.length) push('buttons', { type: 'BUTTONS', buttons: s.buttons.map(buttonOf) });
  if (s.cards.length) {
    push('carousel', {
      type: 'CAROUSEL',
      cards: s.cards.map((c) => {
        const ex = bodyExample(c.body, c.examples, s.parameterFormat);
        return {
          components: [
            { type: 'HEADER', format: c.format, ...(c.handle ? { example: { header_handle: [c.handle] } } : {}) },
            { type: 'BODY', text: c.body, ...(ex ? { example: ex } : {}) },
            { type: 'BUTTONS', buttons: c.buttons.map(buttonOf) },
          ],
        };
      }),
    });
  }
  for (const c of s.extra) push('extra', c);
  return { components, sections };
}

const buttonState = (b: Comp): ButtonState => ({
  type: up(b.type) || 'QUICK_REPLY',
  text: String(b.text ?? ''),
  url: String(b.url ?? ''),
  urlExample: Array.isArray(b.example) ? String(b.example[0] ?? '') : '',
  phone: String(b.phone_number ?? ''),
  code: typeof b.example === 'string' ? b.example : '',
});

function examplesOf(c: Comp | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const e = c?.example;
  if (!e) return out;
  if (Array.isArray(e.body_text_named_params)) for (const p of e.body_text_named_params) out[String(p.param_name)] = String(p.example ?? '');
  const pos = Array.isArray(e.body_text?.[0]) ? e.body_text[0] : e.body_text;
  if (Array.isArray(pos)) pos.forEach((v: unknown, i: number) => (out[String(i + 1)] = String(v)));
  return out;
}

/** A stored template back into the form (what the form cannot edit is kept as is). */
export function fromTemplate(t: { name: string; language: string; category?: string; parameterFormat?: string; components?: unknown[] }): FormState {
  const s: FormState = {
    ...EMPTY_FORM,
    name: t.name,
    language: t.language,
    category: up(t.category) || 'UTILITY',
    parameterFormat: up(t.parameterFormat) === 'NAMED' ? 'NAMED' : 'POSITIONAL',
    body: '',
    bodyExamples: {},
    extra: [],
    auth: { ...NEW_AUTH, securityRecommendation: false, expiryMinutes: '' },
  };
  for (const c of (t.components ?? []) as Comp[]) {
    const type = up(c?.type);
    if (s.category === 'AUTHENTICATION' && ['BODY', 'FOOTER', 'BUTTONS'].includes(type)) {
      const otp = type === 'BUTTONS' ? (c.buttons?.[0] ?? {}) : undefined;
      if (type === 'BODY') s.auth = { ...s.auth, securityRecommendation: c.add_security_recommendation === true };
      else if (type === 'FOOTER') s.auth = { ...s.auth, expiryMinutes: c.code_expiration_minutes === undefined ? '' : String(c.code_expiration_minutes) };
      else
        s.auth = {
          ...s.auth,
          otpType: up(otp.otp_type) || 'COPY_CODE',
          packageName: String(otp.supported_apps?.[0]?.package_name ?? ''),
          signatureHash: String(otp.supported_apps?.[0]?.signature_hash ?? ''),
        };
    } else if (type === 'HEADER') {
      s.headerFormat = up(c.format);
      s.headerText = String(c.text ?? '');
      s.headerExample = String(c.example?.header_text?.[0] ?? c.example?.header_text_named_params?.[0]?.example ?? '');
      s.headerHandle = String(c.example?.header_handle?.[0] ?? '');
    } else if (type === 'BODY' && typeof c.text === 'string') {
      s.body = c.text;
      s.bodyExamples = examplesOf(c);
    } else if (type === 'FOOTER' && typeof c.text === 'string') s.footer = c.text;
    else if (type === 'BUTTONS' && Array.isArray(c.buttons) && c.buttons.every((b: Comp) => (BUTTON_TYPES as readonly string[]).includes(up(b?.type))))
      s.buttons = c.buttons.map(buttonState);
    else if (type === 'CAROUSEL' && Array.isArray(c.cards)) {
      s.cards = c.cards.map((card: Comp) => {
        const comps: Comp[] = Array.isArray(card?.components) ? card.components : [];
        const find = (x: string) => comps.find((k) => up(k?.type) === x);
        return {
          format: up(find('HEADER')?.format) || 'IMAGE',
          handle: String(find('HEADER')?.example?.header_handle?.[0] ?? ''),
          body: String(find('BODY')?.text ?? ''),
          examples: examplesOf(find('BODY')),
          buttons: (find('BUTTONS')?.buttons ?? []).map(buttonState),
        };
      });
    } else s.extra.push(c);
  }
  return s;
}

/** The API's checks on the form: the action's zod schema, then the template rules. Paths name the form's parts. */
export function checkForm(s: FormState, mode: 'create' | 'edit'): { issues: FieldIssue[]; components: Comp[]; sections: string[] } {
  const { components, sections } = toComponents(s);
  const definition = { name: s.name, language: s.language, category: s.category, components, parameter_format: s.parameterFormat };
  const schema =
    mode === 'create' ? createTemplateInput.safeParse({ action: 'create_template', ...definition }) : updateTemplateInput.safeParse({ action: 'update_template', ...definition });
  const issues = [...(schema.success ? [] : fieldIssues(schema.error)), ...checkTemplate({ ...definition, category: s.category.toUpperCase() }).issues];
  const seen = new Set<string>();
  return { issues: issues.filter((i) => !seen.has(`${i.field}|${i.rule}`) && seen.add(`${i.field}|${i.rule}`)), components, sections };
}

/** `components[2].buttons[0].text` → `buttons.buttons[0].text`: the form's own key for the field. */
export const formKey = (field: string, sections: string[]): string => field.replace(/^components\[(\d+)\]/, (m, i: string) => sections[Number(i)] ?? m);

export function TemplateFormView({ name, language }: { name?: string; language?: string }) {
  const editing = !!(name && language);
  const { result } = useAction<{ template: { name: string; language: string; category?: string; parameterFormat?: string; components?: unknown[]; version: number } }>(
    'get_template',
    editing ? { name, language } : undefined,
  );
  if (editing && !result) return <Page title="Edit template">Loading…</Page>;
  if (editing && result && !result.ok)
    return (
      <Page title="Edit template">
        <ErrorBanner error={result.error} />
      </Page>
    );
  const current = result?.ok ? result.data.template : undefined;
  return (
    <TemplateForm
      key={current ? `${current.name}/${current.version}` : 'new'}
      initial={current ? fromTemplate(current) : EMPTY_FORM}
      mode={editing ? 'edit' : 'create'}
      version={current?.version}
    />
  );
}

function TemplateForm({ initial, mode, version }: { initial: FormState; mode: 'create' | 'edit'; version?: number }) {
  const [s, setS] = useState<FormState>(initial);
  const [busy, setBusy] = useState(false);
  const [serverIssues, setServerIssues] = useState<FieldIssue[]>([]);
  const [serverError, setServerError] = useState<string>();
  const set = (patch: Partial<FormState>) => {
    setServerIssues([]);
    setServerError(undefined);
    setS((prev) => ({ ...prev, ...patch }));
  };
  const check = useMemo(() => checkForm(s, mode), [s, mode]);
  const issues = [...check.issues, ...serverIssues];
  const byKey = new Map<string, string[]>();
  for (const i of issues) {
    const k = formKey(i.field, check.sections);
    byKey.set(k, [...(byKey.get(k) ?? []), i.rule]);
  }
  // Keys drawn beside a field; whatever is left is listed above the submit button.
  const shown = new Set<string>();
  const err = (key: string): ReactNode => {
    shown.add(key);
    const rules = byKey.get(key);
    if (!rules) return null;
    return (
      <div className="field-error" role="alert" id={`err-${key}`} data-field-error={key}>
        {rules.join('; ')}
      </div>
    );
  };
  const invalid = (key: string) => (byKey.has(key) ? { 'aria-invalid': true as const, 'aria-describedby': `err-${key}` } : {});

  const bodyVars = [...new Set(variablesIn(s.body))];
  const headerVars = s.headerFormat === 'TEXT' ? variablesIn(s.headerText) : [];

  const buttonsEditor = (buttons: ButtonState[], at: string, onChange: (b: ButtonState[]) => void, types: readonly string[] = BUTTON_TYPES, max: number = LIMITS.buttons) => (
    <fieldset className="subform">
      <legend>Buttons</legend>
      {err(at)}
      {buttons.map((b, j) => {
        const k = `${at}[${j}]`;
        const change = (patch: Partial<ButtonState>) => onChange(buttons.map((x, i) => (i === j ? { ...x, ...patch } : x)));
        const id = `${k}`.replace(/[^A-Za-z0-9]/g, '-');
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional: their element ids, labels (Button 2) and the validator's error paths (buttons[1]) are all by index, and inputs are controlled
          <div className="button-row" key={j}>
            <label htmlFor={`${id}-type`}>Button {j + 1}</label>
            <select id={`${id}-type`} value={b.type} onChange={(e) => change({ type: e.target.value })} {...invalid(`${k}.type`)}>
              {types.map((t) => (
                <option key={t} value={t}>
                  {t.toLowerCase().replace('_', ' ')}
                </option>
              ))}
            </select>
            {err(`${k}.type`)}
            {b.type !== 'COPY_CODE' && (
              <>
                <label htmlFor={`${id}-text`} className="sr-only">
                  Button {j + 1} text
                </label>
                <input id={`${id}-text`} placeholder="button text" value={b.text} maxLength={200} onChange={(e) => change({ text: e.target.value })} {...invalid(`${k}.text`)} />
              </>
            )}
            {b.type === 'URL' && (
              <>
                <label htmlFor={`${id}-url`} className="sr-only">
                  Button {j + 1} URL
                </label>
                <input id={`${id}-url`} placeholder="https://example.com/track/{{1}}" value={b.url} onChange={(e) => change({ url: e.target.value })} {...invalid(`${k}.url`)} />
                {variablesIn(b.url).length > 0 && (
                  <>
                    <label htmlFor={`${id}-urlex`} className="sr-only">
                      Button {j + 1} example URL
                    </label>
                    <input
                      id={`${id}-urlex`}
                      placeholder="example URL"
                      value={b.urlExample}
                      onChange={(e) => change({ urlExample: e.target.value })}
                      {...invalid(`${k}.example`)}
                    />
                  </>
                )}
              </>
            )}
            {b.type === 'PHONE_NUMBER' && (
              <>
                <label htmlFor={`${id}-phone`} className="sr-only">
                  Button {j + 1} phone number
                </label>
                <input id={`${id}-phone`} placeholder="+919876543210" value={b.phone} onChange={(e) => change({ phone: e.target.value })} {...invalid(`${k}.phone_number`)} />
              </>
            )}
            {b.type === 'COPY_CODE' && (
              <>
                <label htmlFor={`${id}-code`} className="sr-only">
                  Button {j + 1} example code
                </label>
                <input id={`${id}-code`} placeholder="example code, e.g. SAVE20" value={b.code} onChange={(e) => change({ code: e.target.value })} {...invalid(`${k}.example`)} />
              </>
            )}
            <button type="button" onClick={() => onChange(buttons.filter((_, i) => i !== j))} aria-label={`Remove button ${j + 1}`}>
              Remove
            </button>
            {err(`${k}.text`)}
            {err(`${k}.url`)}
            {err(`${k}.example`)}
            {err(`${k}.phone_number`)}
          </div>
        );
      })}
      <button type="button" onClick={() => onChange([...buttons, { ...NEW_BUTTON, type: types[0]! }])} disabled={buttons.length >= max}>
        Add button
      </button>
    </fieldset>
  );

  const examplesEditor = (vars: string[], values: Record<string, string>, at: string, onChange: (v: Record<string, string>) => void, label: string) =>
    vars.length > 0 && (
      <fieldset className="subform">
        <legend>{label}</legend>
        {vars.map((v) => {
          const id = `${at}-var-${v}`.replace(/[^A-Za-z0-9-]/g, '-');
          return (
            <div className="var-row" key={v}>
              <label htmlFor={id}>{`{{${v}}}`}</label>
              <input id={id} value={values[v] ?? ''} onChange={(e) => onChange({ ...values, [v]: e.target.value })} {...invalid(`${at}.example`)} />
            </div>
          );
        })}
        {err(`${at}.example`)}
      </fieldset>
    );

  const fields = (
    <>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="tpl-name">Name</label>
          <input id="tpl-name" value={s.name} disabled={mode === 'edit'} onChange={(e) => set({ name: e.target.value })} {...invalid('name')} />
          <span className="help">lowercase letters, digits and underscores, at most {LIMITS.name}</span>
          {err('name')}
        </div>
        <div className="field">
          <label htmlFor="tpl-language">Language</label>
          <input
            id="tpl-language"
            value={s.language}
            disabled={mode === 'edit'}
            list="tpl-languages"
            onChange={(e) => set({ language: e.target.value })}
            {...invalid('language')}
          />
          <datalist id="tpl-languages">
            {['en', 'en_US', 'en_GB', 'hi', 'ta', 'te', 'mr', 'bn', 'kn', 'ml', 'gu', 'pa', 'pt_BR', 'es', 'id'].map((l) => (
              <option key={l} value={l} />
            ))}
          </datalist>
          {err('language')}
        </div>
        <div className="field">
          <label htmlFor="tpl-category">Category</label>
          <select id="tpl-category" value={s.category} onChange={(e) => set({ category: e.target.value })} {...invalid('category')}>
            {['UTILITY', 'MARKETING', 'AUTHENTICATION'].map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
          {err('category')}
        </div>
        <div className="field">
          <label htmlFor="tpl-format">Variables</label>
          <select
            id="tpl-format"
            value={s.parameterFormat}
            onChange={(e) => set({ parameterFormat: e.target.value as FormState['parameterFormat'] })}
            {...invalid('parameter_format')}
          >
            <option value="POSITIONAL">positional: {'{{1}}, {{2}}'}</option>
            <option value="NAMED">named: {'{{first_name}}'}</option>
          </select>
          {err('parameter_format')}
        </div>
      </div>

      {s.category === 'AUTHENTICATION' ? (
        <fieldset className="subform">
          <legend>One-time code (Meta writes the text: “&lt;code&gt; is your verification code.”)</legend>
          {err('body')}
          {err('buttons')}
          {err('buttons.buttons')}
          <div className="field">
            <label>
              <input type="checkbox" checked={s.auth.securityRecommendation} onChange={(e) => set({ auth: { ...s.auth, securityRecommendation: e.target.checked } })} /> Add “For
              your security, do not share this code.”
            </label>
            {err('body.add_security_recommendation')}
          </div>
          <div className="form-grid">
            <div className="field">
              <label htmlFor="tpl-auth-expiry">Code expires after (minutes, optional)</label>
              <input
                id="tpl-auth-expiry"
                inputMode="numeric"
                value={s.auth.expiryMinutes}
                onChange={(e) => set({ auth: { ...s.auth, expiryMinutes: e.target.value } })}
                {...invalid('footer.code_expiration_minutes')}
              />
              {err('footer.code_expiration_minutes')}
            </div>
            <div className="field">
              <label htmlFor="tpl-auth-otp">Code button</label>
              <select id="tpl-auth-otp" value={s.auth.otpType} onChange={(e) => set({ auth: { ...s.auth, otpType: e.target.value } })} {...invalid('buttons.buttons[0].otp_type')}>
                <option value="COPY_CODE">copy code</option>
                <option value="ONE_TAP">one-tap autofill (Android)</option>
                <option value="ZERO_TAP">zero-tap (Android)</option>
              </select>
              {err('buttons.buttons[0].otp_type')}
            </div>
          </div>
          {s.auth.otpType !== 'COPY_CODE' && (
            <div className="form-grid">
              <div className="field">
                <label htmlFor="tpl-auth-package">Android package name</label>
                <input
                  id="tpl-auth-package"
                  value={s.auth.packageName}
                  onChange={(e) => set({ auth: { ...s.auth, packageName: e.target.value } })}
                  {...invalid('buttons.buttons[0].supported_apps')}
                />
              </div>
              <div className="field">
                <label htmlFor="tpl-auth-hash">App signature hash</label>
                <input
                  id="tpl-auth-hash"
                  value={s.auth.signatureHash}
                  onChange={(e) => set({ auth: { ...s.auth, signatureHash: e.target.value } })}
                  {...invalid('buttons.buttons[0].supported_apps')}
                />
              </div>
              {err('buttons.buttons[0].supported_apps')}
            </div>
          )}
        </fieldset>
      ) : (
        <>
          <fieldset className="subform">
            <legend>Header</legend>
            <div className="field">
              <label htmlFor="tpl-header-format">Header type</label>
              <select id="tpl-header-format" value={s.headerFormat} onChange={(e) => set({ headerFormat: e.target.value })} {...invalid('header.format')}>
                {HEADER_FORMATS.map((f) => (
                  <option key={f} value={f}>
                    {f ? f.toLowerCase() : 'none'}
                  </option>
                ))}
              </select>
              {err('header.format')}
              {err('header')}
            </div>
            {s.headerFormat === 'TEXT' && (
              <div className="field">
                <label htmlFor="tpl-header-text">Header text</label>
                <input id="tpl-header-text" value={s.headerText} onChange={(e) => set({ headerText: e.target.value })} {...invalid('header.text')} />
                <span className="help">at most {LIMITS.headerText} characters, one variable</span>
                {err('header.text')}
                {headerVars.length > 0 && (
                  <>
                    <label htmlFor="tpl-header-example">Sample for {`{{${headerVars[0]}}}`}</label>
                    <input id="tpl-header-example" value={s.headerExample} onChange={(e) => set({ headerExample: e.target.value })} {...invalid('header.example')} />
                    {err('header.example')}
                  </>
                )}
              </div>
            )}
            {['IMAGE', 'VIDEO', 'DOCUMENT'].includes(s.headerFormat) && (
              <div className="field">
                <label htmlFor="tpl-header-handle">Media handle (example.header_handle)</label>
                <input
                  id="tpl-header-handle"
                  value={s.headerHandle}
                  placeholder="from upload_template_media"
                  onChange={(e) => set({ headerHandle: e.target.value })}
                  {...invalid('header.example.header_handle')}
                />
                {err('header.example.header_handle')}
              </div>
            )}
          </fieldset>

          <div className="field">
            <label htmlFor="tpl-body">Body</label>
            <textarea
              id="tpl-body"
              rows={5}
              value={s.body}
              onChange={(e) => set({ body: e.target.value })}
              {...invalid('body.text')}
              style={{ fontFamily: 'inherit', fontSize: 13 }}
            />
            <span className="help">
              {s.body.length}/{LIMITS.bodyText} characters; *bold*, _italic_, ~strike~; variables {s.parameterFormat === 'NAMED' ? '{{name}}' : '{{1}}…{{n}} in order'}
            </span>
            {err('body.text')}
            {err('body')}
          </div>
          {examplesEditor(bodyVars, s.bodyExamples, 'body', (v) => set({ bodyExamples: v }), 'Sample values (what reviewers and the preview see)')}

          <div className="field">
            <label htmlFor="tpl-footer">Footer (optional)</label>
            <input id="tpl-footer" value={s.footer} onChange={(e) => set({ footer: e.target.value })} {...invalid('footer.text')} />
            {err('footer.text')}
            {err('footer')}
          </div>

          {buttonsEditor(s.buttons, 'buttons.buttons', (b) => set({ buttons: b }))}

          <fieldset className="subform">
            <legend>Carousel cards (MARKETING, 2–10 cards of the same shape)</legend>
            {err('carousel.cards')}
            {s.cards.map((c, k) => {
              const at = `carousel.cards[${k}].components`;
              const change = (patch: Partial<CardState>) => set({ cards: s.cards.map((x, i) => (i === k ? { ...x, ...patch } : x)) });
              const vars = [...new Set(variablesIn(c.body))];
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional: their element ids, labels (Button 2) and the validator's error paths (buttons[1]) are all by index, and inputs are controlled
                <div className="card-form" key={k}>
                  <strong>Card {k + 1}</strong>{' '}
                  <button type="button" onClick={() => set({ cards: s.cards.filter((_, i) => i !== k) })}>
                    Remove card
                  </button>
                  {err(at)}
                  <div className="form-grid">
                    <div className="field">
                      <label htmlFor={`card-${k}-format`}>Card {k + 1} media</label>
                      <select id={`card-${k}-format`} value={c.format} onChange={(e) => change({ format: e.target.value })}>
                        <option value="IMAGE">image</option>
                        <option value="VIDEO">video</option>
                      </select>
                    </div>
                    <div className="field">
                      <label htmlFor={`card-${k}-handle`}>Card {k + 1} media handle</label>
                      <input id={`card-${k}-handle`} value={c.handle} onChange={(e) => change({ handle: e.target.value })} {...invalid(`${at}[0].example.header_handle`)} />
                      {err(`${at}[0].example.header_handle`)}
                    </div>
                  </div>
                  <div className="field">
                    <label htmlFor={`card-${k}-body`}>Card {k + 1} body</label>
                    <textarea
                      id={`card-${k}-body`}
                      rows={2}
                      value={c.body}
                      onChange={(e) => change({ body: e.target.value })}
                      {...invalid(`${at}[1].text`)}
                      style={{ fontFamily: 'inherit', fontSize: 13 }}
                    />
                    {err(`${at}[1].text`)}
                  </div>
                  {examplesEditor(vars, c.examples, `${at}[1]`, (v) => change({ examples: v }), `Card ${k + 1} sample values`)}
                  {buttonsEditor(c.buttons, `${at}[2].buttons`, (b) => change({ buttons: b }), ['QUICK_REPLY', 'URL', 'PHONE_NUMBER'], LIMITS.carouselCardButtons)}
                </div>
              );
            })}
            <button
              type="button"
              onClick={() => set({ cards: [...s.cards, newCard()], ...(s.cards.length === 0 ? { category: 'MARKETING' } : {}) })}
              disabled={s.cards.length >= LIMITS.carouselCards.max}
            >
              Add card
            </button>
          </fieldset>
        </>
      )}
      {s.extra.length > 0 && <p className="muted">Also sent unchanged: {s.extra.map((c) => up(c.type)).join(', ')} (edit those through update_template).</p>}
    </>
  );
  const others = [...byKey.entries()].filter(([k]) => !shown.has(k));

  const submit = async () => {
    if (check.issues.length) return;
    setBusy(true);
    const input = { name: s.name, language: s.language, category: s.category, components: check.components, parameter_format: s.parameterFormat, wait_for_approval: true };
    const r =
      mode === 'create'
        ? await callAction<{ template: { name: string; language: string }; approval?: { executionArn: string } }>('create_template', input)
        : await callAction<{ template: { name: string; language: string }; approval?: { executionArn: string } }>('update_template', input);
    setBusy(false);
    if (!r.ok) {
      setServerIssues(r.error.issues ?? []);
      if (!r.error.issues?.length) setServerError(`${r.error.error}: ${r.error.message}`);
      return;
    }
    navigate(['templates', r.data.template.name, r.data.template.language], r.data.approval ? { execution: r.data.approval.executionArn } : undefined);
  };

  return (
    <Page
      title={
        <>
          <a href={href(['templates'])}>Templates</a> / {mode === 'create' ? 'New template' : `Edit ${s.name} (${s.language}): becomes v${(version ?? 0) + 1}`}
        </>
      }
      actions={
        mode === 'edit' && (
          <a className="button" href={templateHref(s)}>
            Back to the template
          </a>
        )
      }
    >
      <div className="form-and-preview">
        <form
          className="panel template-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          {fields}
          <div aria-live="polite" data-testid="check-summary" className={check.issues.length ? 'check-bad' : 'check-ok'}>
            {check.issues.length ? `${check.issues.length} issue${check.issues.length === 1 ? '' : 's'} to fix before Meta sees it` : 'Passes the project’s checks.'}
          </div>
          {others.length > 0 && (
            <ul className="field-error other-issues" role="alert">
              {others.map(([k, rules]) => (
                <li key={k}>
                  {k}: {rules.join('; ')}
                </li>
              ))}
            </ul>
          )}
          {serverError && <ErrorBanner error={serverError} />}
          <div className="toolbar">
            <button className="primary" type="submit" disabled={busy || check.issues.length > 0}>
              {busy ? 'Submitting…' : mode === 'create' ? 'Submit for review' : 'Submit the edit for review'}
            </button>
          </div>
        </form>
        <div className="preview-col">
          <h2 style={{ marginTop: 0 }}>Preview</h2>
          <TemplatePreview components={check.components} />
          <details>
            <summary>Components JSON (what Meta receives)</summary>
            {/* biome-ignore lint/a11y/useSemanticElements: a named, focusable, scrollable block of preformatted JSON; it must stay a <pre> (whitespace, .json styles), and <fieldset> is for form controls */}
            <pre className="json" tabIndex={0} role="group" aria-label="components JSON">
              {JSON.stringify(check.components, null, 2)}
            </pre>
          </details>
        </div>
      </div>
    </Page>
  );
}
