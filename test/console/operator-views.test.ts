import { describe, expect, it } from 'vitest';
import { toCsv } from '../../console/src/charts.js';
import { checkForm, EMPTY_FORM, formKey, fromTemplate, toComponents, type FormState } from '../../console/src/views/template-form.js';
import { timelineOf } from '../../console/src/views/templates.js';
import { checkTemplate } from '../../functions/domain/templates/validate.js';

/** The pure parts of the Templates and Quality views: CSV, the template form's mapping to Meta's components, the timeline. */
describe('toCsv', () => {
  it('quotes fields with commas, quotes and line breaks (RFC 4180) and ends records with CRLF', () => {
    const rows = [
      { a: 'plain', b: 'with, comma' },
      { a: 'say "hi"', b: 'two\nlines' },
      { a: null, b: 3 },
    ];
    const csv = toCsv(rows, [
      { key: 'a', label: 'A' },
      { key: 'b', label: 'B, second' },
    ]);
    expect(csv).toBe('A,"B, second"\r\nplain,"with, comma"\r\n"say ""hi""","two\nlines"\r\n,3\r\n');
  });
  it('uses a column’s value function over the raw field', () => {
    expect(toCsv([{ flagged: true }], [{ key: 'flagged', label: 'Flagged', value: (r) => (r.flagged ? 'yes' : 'no') }])).toBe('Flagged\r\nyes\r\n');
  });
});

describe('template form', () => {
  const form = (patch: Partial<FormState>): FormState => ({ ...EMPTY_FORM, name: 'order_ready', ...patch });

  it('the default form passes the API’s own checks', () => {
    const { issues, components } = checkForm(form({}), 'create');
    expect(issues).toEqual([]);
    expect(checkTemplate({ name: 'order_ready', language: 'en_US', category: 'UTILITY', components }).issues).toEqual([]);
  });

  it('names each issue by the part of the form it belongs to', () => {
    const s = form({
      headerFormat: 'TEXT',
      headerText: 'Order',
      body: 'Your order is {{1}}',
      buttons: [{ type: 'URL', text: 'Track', url: 'ftp://x', urlExample: '', phone: '', code: '' }],
    });
    const { issues, sections } = checkForm(s, 'create');
    const keys = issues.map((i) => formKey(i.field, sections));
    expect(keys).toContain('body.text');
    expect(keys).toContain('buttons.buttons[0].url');
    expect(sections).toEqual(['header', 'body', 'buttons']);
  });

  it('builds named variables’ samples as body_text_named_params', () => {
    const { components } = toComponents(form({ parameterFormat: 'NAMED', body: 'Hi {{first_name}}, welcome.', bodyExamples: { first_name: 'Asha' } }));
    expect(components[0]).toEqual({ type: 'BODY', text: 'Hi {{first_name}}, welcome.', example: { body_text_named_params: [{ param_name: 'first_name', example: 'Asha' }] } });
  });

  it('a carousel of two cards passes as MARKETING; a card without its media is named by card', () => {
    const card = {
      format: 'IMAGE',
      handle: 'h:1',
      body: 'Card {{1}} text',
      examples: { '1': 'one' },
      buttons: [{ type: 'QUICK_REPLY', text: 'More', url: '', urlExample: '', phone: '', code: '' }],
    };
    const good = checkForm(form({ category: 'MARKETING', cards: [card, { ...card }] }), 'create');
    expect(good.issues).toEqual([]);
    const bad = checkForm(form({ category: 'MARKETING', cards: [card, { ...card, handle: '' }] }), 'create');
    expect(bad.issues.map((i) => formKey(i.field, bad.sections))).toContain('carousel.cards[1].components[0].example.header_handle');
  });

  it('an AUTHENTICATION template is built from its options (Meta writes the text) and passes the checks', () => {
    const good = checkForm(form({ category: 'AUTHENTICATION' }), 'create');
    expect(good.issues).toEqual([]);
    expect(good.components).toEqual([
      { type: 'BODY', add_security_recommendation: true },
      { type: 'FOOTER', code_expiration_minutes: 10 },
      { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE' }] },
    ]);
    const oneTap = checkForm(form({ category: 'AUTHENTICATION', auth: { ...EMPTY_FORM.auth, otpType: 'ONE_TAP', expiryMinutes: '120' } }), 'create');
    expect(oneTap.issues.map((i) => formKey(i.field, oneTap.sections)).sort()).toEqual(['buttons.buttons[0].supported_apps', 'footer.code_expiration_minutes']);
    const back = fromTemplate({ name: 'login_code', language: 'en', category: 'AUTHENTICATION', components: good.components });
    expect(toComponents(back).components).toEqual(good.components);
  });

  it('a stored template comes back into the form and out again unchanged', () => {
    const components = [
      { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['A-1'] } },
      { type: 'BODY', text: 'Hi {{1}}, your order {{2}} is ready.', example: { body_text: [['Asha', 'A-1042']] } },
      { type: 'FOOTER', text: 'Reply STOP to opt out' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'URL', text: 'Track', url: 'https://example.com/t/{{1}}', example: ['https://example.com/t/A-1'] },
          { type: 'PHONE_NUMBER', text: 'Call', phone_number: '+919876543210' },
          { type: 'COPY_CODE', example: 'SAVE20' },
        ],
      },
      { type: 'LIMITED_TIME_OFFER', limited_time_offer: { text: 'Ends soon' } },
    ];
    const s = fromTemplate({ name: 'order_ready', language: 'en_US', category: 'MARKETING', components });
    expect(s.extra).toEqual([components[4]]);
    expect(toComponents(s).components).toEqual(components);
  });
});

describe('timelineOf', () => {
  it('orders the story, folds a status seen by two paths, and starts a version at each submission', () => {
    const items = timelineOf([
      { status: 'REJECTED', reason: 'PROMOTIONAL', at: '2026-01-01T00:00:05.000Z', source: 'webhook' },
      { status: 'PENDING', at: '2026-01-01T00:00:00.000Z', source: 'api' },
      { status: 'REJECTED', reason: 'PROMOTIONAL', at: '2026-01-01T00:00:06.000Z', source: 'poll' },
      { status: 'PENDING', at: '2026-01-02T00:00:00.000Z', source: 'api' },
      { status: 'APPROVED', at: '2026-01-02T00:01:00.000Z', source: 'webhook' },
      { status: 'PAUSED', reason: 'LOW_QUALITY', at: '2026-01-03T00:00:00.000Z', source: 'webhook' },
    ]);
    expect(items.map((i) => [i.title, i.version, i.source])).toEqual([
      ['Submitted for review (v1)', 1, 'api'],
      ['Rejected by Meta', 1, 'webhook, poll'],
      ['Edited: v2 submitted for review', 2, 'api'],
      ['Approved by Meta', 2, 'webhook'],
      ['Paused by Meta', 2, 'webhook'],
    ]);
    expect(items[1]!.guidance).toMatch(/MARKETING/);
    expect(items[4]!.guidance).toMatch(/paused/i);
  });
});
